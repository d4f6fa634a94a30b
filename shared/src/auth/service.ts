/**
 * Account use cases. Messages never reveal whether an email is registered: register, resend and forgot answer the
 * same way for known and unknown addresses, and login fails with one message for a wrong email or password.
 */
import { ConflictError, ForbiddenError, NotFoundError, TooManyRequestsError, UnauthorizedError, UnprocessableError, ValidationError } from '../errors';
import { issueAccessToken, type Principal, type Role } from '../http/auth';
import { newId } from '../ids';
import { alreadyRegisteredEmail, passwordResetEmail, verificationEmail } from '../mail/templates';
import type { Mailer } from '../mail/mailer';
import { DUMMY_PASSWORD_HASH, hashPassword, randomToken, sha256, sixDigitCode, verifyPassword } from './crypto';
import { normalizeEmail, normalizeVietnamesePhone, passwordProblem } from './policy';
import { enforce, type RateLimiter } from './ratelimit';
import type { D1AuthRepository, UserRow } from './repo.d1';

export const CODE_TTL_MINUTES = 15;
export const CODE_MAX_ATTEMPTS = 5;
export const RESEND_COOLDOWN_SECONDS = 60;
export const RESET_TTL_MINUTES = 30;
export const REFRESH_TTL_MS = 30 * 24 * 3600 * 1000;
export const LOCK_THRESHOLD = 5;
export const LOCK_MS = 15 * 60 * 1000;

export interface AuthDeps {
  repo: D1AuthRepository;
  mailer: Mailer;
  limiter: RateLimiter;
  secret: string;
  /** Where password-reset links point (the web app). */
  webOrigin: string;
  now: number;
  ip: string;
  userAgent: string | null;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  sessionId: string;
  user: PublicUser;
}

export type PublicUser = ReturnType<typeof publicUser>;

/** What an account looks like to its owner and to admins: never the password hash or lockout internals. */
export function publicUser(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    emailVerified: u.emailVerifiedAt !== null,
    name: u.name,
    phone: u.phone,
    role: u.role,
    status: u.status,
    practisingCertificate: u.practisingCertificate,
    createdAt: u.createdAt,
  };
}

function phoneOrThrow(phone: string | null | undefined): string | null {
  if (phone === undefined || phone === null || phone === '') return null;
  const p = normalizeVietnamesePhone(phone);
  if (!p) throw new ValidationError('Số điện thoại không hợp lệ.', { field: 'phone' }, 'INVALID_PHONE');
  return p;
}

function passwordOrThrow(password: string, email?: string) {
  const problem = passwordProblem(password, email);
  if (problem) throw new ValidationError(problem, { field: 'password' }, 'WEAK_PASSWORD');
}

async function codeHash(secret: string, userId: string, code: string) {
  return sha256(`${secret}:verify:${userId}:${code}`);
}

async function sendVerificationCode(d: AuthDeps, user: UserRow) {
  const code = sixDigitCode();
  await d.repo.issueToken(user.id, 'verify_email', await codeHash(d.secret, user.id, code), d.now + CODE_TTL_MINUTES * 60_000, d.now);
  await d.mailer.send(verificationEmail(user.email, user.name, code, CODE_TTL_MINUTES));
}

const GENERIC_SENT = 'Nếu email hợp lệ, chúng tôi đã gửi hướng dẫn tới hộp thư của bạn.';

export async function register(d: AuthDeps, input: { email: string; password: string; name: string; phone?: string | null }) {
  const email = normalizeEmail(input.email);
  await enforce(d.limiter, d.now, [
    ['register:ip', d.ip, 10, 3600],
    ['register:email', email, 3, 3600],
  ]);
  passwordOrThrow(input.password, email);
  const phone = phoneOrThrow(input.phone);
  const id = newId();
  const created = await d.repo.createUser({ id, email, name: input.name.trim(), phone, passwordHash: await hashPassword(input.password), role: 'customer', practisingCertificate: null, verified: false }, d.now);
  const user = await d.repo.userByEmail(email);
  if (created && user) await sendVerificationCode(d, user);
  else if (user?.emailVerifiedAt) await d.mailer.send(alreadyRegisteredEmail(user.email, user.name));
  else if (user) await sendVerificationCode(d, user); // registered but never verified: send a fresh code
  return { message: `Vui lòng nhập mã xác minh đã gửi tới email. ${GENERIC_SENT}` };
}

export async function resendCode(d: AuthDeps, rawEmail: string) {
  const email = normalizeEmail(rawEmail);
  await enforce(d.limiter, d.now, [
    ['resend:ip', d.ip, 20, 3600],
    ['resend:email', email, 5, 3600],
  ]);
  const user = await d.repo.userByEmail(email);
  if (user && !user.emailVerifiedAt) {
    const last = await d.repo.latestToken(user.id, 'verify_email');
    const wait = last ? Math.ceil((last.createdAt + RESEND_COOLDOWN_SECONDS * 1000 - d.now) / 1000) : 0;
    if (wait > 0) throw new TooManyRequestsError(wait, `Vui lòng đợi ${wait} giây trước khi gửi lại mã.`, 'RESEND_COOLDOWN');
    await sendVerificationCode(d, user);
  }
  return { message: GENERIC_SENT };
}

async function startSession(d: AuthDeps, user: UserRow, familyId = newId()): Promise<Tokens> {
  const refreshToken = randomToken(32);
  await d.repo.createSession({ userId: user.id, familyId, tokenHash: await sha256(refreshToken), userAgent: d.userAgent?.slice(0, 200) ?? null, expiresAt: d.now + REFRESH_TTL_MS }, d.now);
  const accessToken = await issueAccessToken(d.secret, { userId: user.id, role: user.role, sessionId: familyId }, Math.floor(d.now / 1000));
  return { accessToken, refreshToken, sessionId: familyId, user: publicUser(user) };
}

export async function verifyEmail(d: AuthDeps, input: { email: string; code: string }): Promise<Tokens> {
  const email = normalizeEmail(input.email);
  await enforce(d.limiter, d.now, [
    ['verify:ip', d.ip, 30, 900],
    ['verify:email', email, 10, 900],
  ]);
  const invalid = () => new UnprocessableError('Mã xác minh không đúng hoặc đã hết hạn.', 'INVALID_CODE');
  const user = await d.repo.userByEmail(email);
  if (!user || user.status !== 'active') throw invalid();
  if (user.emailVerifiedAt) throw new ConflictError('Email đã được xác minh, vui lòng đăng nhập.', 'ALREADY_VERIFIED');
  const token = await d.repo.latestToken(user.id, 'verify_email');
  if (!token || token.consumedAt || token.expiresAt <= d.now || token.attempts >= CODE_MAX_ATTEMPTS) throw invalid();
  await d.repo.countTokenAttempt(token.id);
  const given = await codeHash(d.secret, user.id, input.code);
  if (given !== token.tokenHash) throw invalid();
  if (!(await d.repo.verifyEmail(user.id, token.id, d.now))) throw invalid();
  return startSession(d, { ...user, emailVerifiedAt: d.now });
}

export async function login(d: AuthDeps, input: { email: string; password: string }): Promise<Tokens> {
  const email = normalizeEmail(input.email);
  await enforce(d.limiter, d.now, [
    ['login:ip', d.ip, 30, 900],
    ['login:email', email, 10, 900],
  ]);
  const wrong = () => new UnauthorizedError('Email hoặc mật khẩu không đúng.', 'INVALID_CREDENTIALS');
  const user = await d.repo.userByEmail(email);
  // Same work whether or not the account exists, so timing does not reveal it.
  const check = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !user.passwordHash) throw wrong();
  if (user.lockedUntil && user.lockedUntil > d.now) {
    throw new TooManyRequestsError(Math.ceil((user.lockedUntil - d.now) / 1000), 'Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau.', 'ACCOUNT_LOCKED');
  }
  if (!check.ok) {
    await d.repo.recordLoginFailure(user.id, d.now, LOCK_THRESHOLD, LOCK_MS);
    throw wrong();
  }
  if (user.status !== 'active') throw new ForbiddenError('Tài khoản đã bị vô hiệu hóa.', 'ACCOUNT_DEACTIVATED');
  if (!user.emailVerifiedAt) throw new ForbiddenError('Vui lòng xác minh email trước khi đăng nhập.', 'EMAIL_NOT_VERIFIED');
  await d.repo.recordLoginSuccess(user.id, d.now, check.needsRehash ? await hashPassword(input.password) : null);
  return startSession(d, user);
}

/** Rotates the refresh token. Presenting an already-rotated token is treated as theft: the whole family is revoked. */
export async function refresh(d: AuthDeps, refreshToken: string): Promise<Tokens> {
  await enforce(d.limiter, d.now, [['refresh:ip', d.ip, 60, 60]]);
  const invalid = () => new UnauthorizedError('Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.', 'INVALID_REFRESH_TOKEN');
  const session = await d.repo.sessionByTokenHash(await sha256(refreshToken));
  if (!session || session.revokedAt || session.expiresAt <= d.now) throw invalid();
  if (session.rotatedAt) {
    await d.repo.revokeFamily(session.familyId, d.now);
    throw new UnauthorizedError('Phiên đăng nhập đã bị thu hồi vì mã làm mới bị dùng lại.', 'REFRESH_TOKEN_REUSED');
  }
  const user = await d.repo.userById(session.userId);
  if (!user || user.status !== 'active') throw invalid();
  const next = randomToken(32);
  if (!(await d.repo.rotate(session, await sha256(next), d.now + REFRESH_TTL_MS, d.now))) {
    await d.repo.revokeFamily(session.familyId, d.now);
    throw new UnauthorizedError('Phiên đăng nhập đã bị thu hồi vì mã làm mới bị dùng lại.', 'REFRESH_TOKEN_REUSED');
  }
  const accessToken = await issueAccessToken(d.secret, { userId: user.id, role: user.role, sessionId: session.familyId }, Math.floor(d.now / 1000));
  return { accessToken, refreshToken: next, sessionId: session.familyId, user: publicUser(user) };
}

export async function logout(d: AuthDeps, refreshToken: string | null, principal: Principal | null) {
  if (principal?.sessionId) await d.repo.revokeFamily(principal.sessionId, d.now);
  if (refreshToken) {
    const s = await d.repo.sessionByTokenHash(await sha256(refreshToken));
    if (s) await d.repo.revokeFamily(s.familyId, d.now);
  }
}

export async function forgotPassword(d: AuthDeps, rawEmail: string) {
  const email = normalizeEmail(rawEmail);
  await enforce(d.limiter, d.now, [
    ['forgot:ip', d.ip, 20, 3600],
    ['forgot:email', email, 3, 3600],
  ]);
  const user = await d.repo.userByEmail(email);
  if (user && user.status === 'active') {
    const token = randomToken(32);
    await d.repo.issueToken(user.id, 'password_reset', await sha256(token), d.now + RESET_TTL_MINUTES * 60_000, d.now);
    const link = `${d.webOrigin.replace(/\/$/, '')}/dat-lai-mat-khau?token=${encodeURIComponent(token)}`;
    await d.mailer.send(passwordResetEmail(user.email, user.name, link, RESET_TTL_MINUTES));
  }
  return { message: GENERIC_SENT };
}

export async function resetPassword(d: AuthDeps, input: { token: string; password: string }) {
  await enforce(d.limiter, d.now, [['reset:ip', d.ip, 20, 900]]);
  const invalid = () => new UnprocessableError('Liên kết đặt lại mật khẩu không hợp lệ hoặc đã hết hạn.', 'INVALID_RESET_TOKEN');
  const token = await d.repo.tokenByHash(await sha256(input.token));
  if (!token || token.purpose !== 'password_reset' || token.consumedAt || token.expiresAt <= d.now) throw invalid();
  const user = await d.repo.userById(token.userId);
  if (!user || user.status !== 'active') throw invalid();
  passwordOrThrow(input.password, user.email);
  if (!(await d.repo.resetPassword(user.id, token.id, await hashPassword(input.password), d.now))) throw invalid();
  return { message: 'Đã đặt mật khẩu mới. Vui lòng đăng nhập lại trên mọi thiết bị.' };
}

export async function me(d: AuthDeps, principal: Principal) {
  const user = await d.repo.userById(principal.userId);
  if (!user) throw new NotFoundError('Không tìm thấy tài khoản.', 'USER_NOT_FOUND');
  return publicUser(user);
}

export async function updateMe(d: AuthDeps, principal: Principal, patch: { name?: string; phone?: string | null }) {
  const phone = patch.phone === undefined ? undefined : phoneOrThrow(patch.phone);
  await d.repo.updateProfile(principal.userId, { name: patch.name?.trim(), phone }, d.now);
  return me(d, principal);
}

export async function changePassword(d: AuthDeps, principal: Principal, input: { currentPassword: string; newPassword: string }) {
  await enforce(d.limiter, d.now, [['password:user', principal.userId, 10, 900]]);
  const user = await d.repo.userById(principal.userId);
  if (!user?.passwordHash || !(await verifyPassword(input.currentPassword, user.passwordHash)).ok) {
    throw new UnprocessableError('Mật khẩu hiện tại không đúng.', 'WRONG_PASSWORD');
  }
  passwordOrThrow(input.newPassword, user.email);
  await d.repo.changePassword(user.id, await hashPassword(input.newPassword), principal.sessionId ?? '', d.now);
  return { message: 'Đã đổi mật khẩu. Các phiên đăng nhập khác đã được đăng xuất.' };
}

export async function createStaff(
  d: AuthDeps,
  admin: Principal,
  input: { email: string; name: string; phone?: string | null; role: Extract<Role, 'pharmacist' | 'admin'>; practisingCertificate?: string | null; password: string },
) {
  const email = normalizeEmail(input.email);
  passwordOrThrow(input.password, email);
  if (input.role === 'pharmacist' && !input.practisingCertificate?.trim()) {
    throw new ValidationError('Dược sĩ cần có số chứng chỉ hành nghề.', { field: 'practisingCertificate' }, 'CERTIFICATE_REQUIRED');
  }
  const id = newId();
  const created = await d.repo.createUser(
    { id, email, name: input.name.trim(), phone: phoneOrThrow(input.phone), passwordHash: await hashPassword(input.password), role: input.role, practisingCertificate: input.practisingCertificate?.trim() || null, verified: true },
    d.now,
  );
  if (!created) throw new ConflictError('Email đã được dùng cho một tài khoản khác.', 'EMAIL_TAKEN');
  await d.repo.auditUserCreated(id, { actorId: admin.userId, actorRole: admin.role }, { role: input.role }, d.now);
  return publicUser((await d.repo.userById(id))!);
}

export async function adminUpdateUser(
  d: AuthDeps,
  admin: Principal,
  userId: string,
  patch: { role?: Role; status?: 'active' | 'deactivated'; practisingCertificate?: string | null },
) {
  const user = await d.repo.userById(userId);
  if (!user) throw new NotFoundError('Không tìm thấy tài khoản.', 'USER_NOT_FOUND');
  if (userId === admin.userId && (patch.role !== undefined || patch.status !== undefined)) {
    throw new ForbiddenError('Không thể tự thay đổi vai trò hoặc trạng thái của chính mình.', 'SELF_CHANGE_FORBIDDEN');
  }
  const role = patch.role ?? user.role;
  const cert = patch.practisingCertificate !== undefined ? patch.practisingCertificate : user.practisingCertificate;
  if (role === 'pharmacist' && !cert?.trim()) {
    throw new ValidationError('Dược sĩ cần có số chứng chỉ hành nghề.', { field: 'practisingCertificate' }, 'CERTIFICATE_REQUIRED');
  }
  await d.repo.adminUpdateUser(userId, patch, { actorId: admin.userId, actorRole: admin.role, data: { from: { role: user.role, status: user.status }, to: patch } }, d.now);
  return publicUser((await d.repo.userById(userId))!);
}
