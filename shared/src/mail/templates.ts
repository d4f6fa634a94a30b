/** Vietnamese transactional emails. Values are escaped; nothing user-controlled becomes markup. */
import type { Email } from './mailer';

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export function layout(title: string, paragraphs: string[]): string {
  return `<!doctype html><html lang="vi"><body style="font-family:Arial,sans-serif;color:#1f2937">
<h2 style="color:#047857">Medicare</h2><h3>${escapeHtml(title)}</h3>${paragraphs.map((p) => `<p>${p}</p>`).join('')}
<p style="color:#6b7280;font-size:12px">Email này được gửi tự động, vui lòng không trả lời.</p></body></html>`;
}

export function verificationEmail(to: string, name: string, code: string, minutes: number): Email {
  return {
    to,
    subject: `Mã xác minh Medicare: ${code}`,
    text: `Xin chào ${name},\n\nMã xác minh email của bạn là ${code}. Mã có hiệu lực trong ${minutes} phút.\nNếu bạn không đăng ký tài khoản Medicare, hãy bỏ qua email này.`,
    html: layout('Xác minh email', [`Xin chào ${escapeHtml(name)},`, `Mã xác minh email của bạn là <strong style="font-size:20px">${escapeHtml(code)}</strong>.`, `Mã có hiệu lực trong ${minutes} phút. Nếu bạn không đăng ký tài khoản Medicare, hãy bỏ qua email này.`]),
  };
}

export function alreadyRegisteredEmail(to: string, name: string): Email {
  return {
    to,
    subject: 'Có người vừa đăng ký Medicare bằng email của bạn',
    text: `Xin chào ${name},\n\nEmail này đã có tài khoản Medicare. Nếu bạn quên mật khẩu, hãy dùng chức năng "Quên mật khẩu" trên trang đăng nhập.`,
    html: layout('Email đã được đăng ký', [`Xin chào ${escapeHtml(name)},`, 'Email này đã có tài khoản Medicare. Nếu bạn quên mật khẩu, hãy dùng chức năng "Quên mật khẩu" trên trang đăng nhập.']),
  };
}

export function passwordResetEmail(to: string, name: string, link: string, minutes: number): Email {
  return {
    to,
    subject: 'Đặt lại mật khẩu Medicare',
    text: `Xin chào ${name},\n\nMở liên kết sau để đặt mật khẩu mới (hiệu lực ${minutes} phút, dùng một lần):\n${link}\n\nNếu bạn không yêu cầu, hãy bỏ qua email này; mật khẩu của bạn không thay đổi.`,
    html: layout('Đặt lại mật khẩu', [`Xin chào ${escapeHtml(name)},`, `<a href="${escapeHtml(link)}">Đặt mật khẩu mới</a> (hiệu lực ${minutes} phút, dùng một lần).`, 'Nếu bạn không yêu cầu, hãy bỏ qua email này; mật khẩu của bạn không thay đổi.']),
  };
}
