/**
 * Account use cases. Answers never reveal whether an email is registered: every auth route answers with the same
 * status and body for a known and an unknown address (limits, cooldowns and throttles are keyed by the address, not
 * by the account), and login fails with one message for a wrong email or password.
 * Password guessing is throttled per address and per IP without letting a stranger lock the owner out (ADR 0013):
 * only failures count, and a device the owner signed in from before (device cookie) keeps working.
 */
import { ConflictError, ForbiddenError, NotFoundError, TooManyRequestsError, UnauthorizedError, UnprocessableError, ValidationError } from '../errors';
import { issueAccessToken, type Principal, type Role } from '../http/auth';
import { newId } from '../ids';
import { alreadyRegisteredEmail, passwordResetEmail, verificationEmail } from '../mail/templates';
import type { Mailer } from '../mail/mailer';
import { DUMMY_PASSWORD_HASH, hashPassword, randomToken, sha256, sixDigitCode, verifyPassword } from './crypto';
import { normalizeEmail, normalizeVietnamesePhone, passwordProblem } from './policy';
import { enforce, type RateLimiter } from './ratelimit';
import { signScoped, verifyScoped } from './signed';
import { consentStatements } from '../legal/consent';
import { currentVersions, SIGN_UP_DOCUMENTS } from '../legal/policies';
import type { D1AuthRepository, UserRow } from './repo.d1';

export const CODE_TTL_MINUTES = 15;
export const CODE_MAX_ATTEMPTS = 5;
export const RESEND_COOLDOWN_SECONDS = 60;
export const RESET_TTL_MINUTES = 30;
export const REFRESH_TTL_MS = 30 * 24 * 3600 * 1000;
/** Wrong passwords per address (known or not) per window before untrusted devices are throttled for it. */
export const LOGIN_FAILURES_PER_ADDRESS = 5;
/** Wrong passwords per trusted device per window before it is treated as untrusted. */
export const LOGIN_FAILURES_PER_DEVICE = 10;
export const LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60;
/** A device that signed in successfully (or used an emailed link) is trusted for this long. */
export const DEVICE_TTL_SECONDS = 365 * 24 * 3600;
/** How long a just-rotated refresh token may still be exchanged (concurrent refreshes from two tabs). */
export const REFRESH_GRACE_MS = 30_000;

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
  /** The device cookie the browser presented, if any (see `deviceToken`). */
  device?: string | null;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  sessionId: string;
  user: PublicUser;
  /** A fresh device cookie value: this browser proved the account (password or emailed link) and is trusted. */
  deviceToken: string;
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

export async function register(d: AuthDeps, input: { email: string; password: string; name: string; phone?: string | null; acceptPrivacyPolicy?: boolean }) {
  if (input.acceptPrivacyPolicy !== true) {
    throw new UnprocessableError('Vui lòng đồng ý với Chính sách bảo mật và Điều khoản sử dụng để đăng ký.', 'CONSENT_REQUIRED', { field: 'acceptPrivacyPolicy' });
  }
  const email = normalizeEmail(input.email);
  await enforce(d.limiter, d.now, [
    ['register:ip', d.ip, 10, 3600],
    ['register:email', email, 3, 3600],
  ]);
  passwordOrThrow(input.password, email);
  const phone = phoneOrThrow(input.phone);
  const id = newId();
  const versions = await currentVersions(d.repo.db, SIGN_UP_DOCUMENTS);
  const created = await d.repo.createUser(
    { id, email, name: input.name.trim(), phone, passwordHash: await hashPassword(input.password), role: 'customer', practisingCertificate: null, verified: false },
    d.now,
    consentStatements(d.repo.db, id, versions, d.now),
  );
  const user = await d.repo.userByEmail(email);
  // Starts the address's resend cooldown whether or not a code goes out (known and unknown alike).
  await d.limiter.cooldown('code-mail', email, RESEND_COOLDOWN_SECONDS, d.now);
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
  // The cooldown belongs to the address, registered or not, so it answers the same for both.
  const cool = await d.limiter.cooldown('code-mail', email, RESEND_COOLDOWN_SECONDS, d.now);
  if (!cool.ok) throw new TooManyRequestsError(cool.retryAfter, `Vui lòng đợi ${cool.retryAfter} giây trước khi gửi lại mã.`, 'RESEND_COOLDOWN');
  const user = await d.repo.userByEmail(email);
  if (user && !user.emailVerifiedAt) await sendVerificationCode(d, user);
  return { message: GENERIC_SENT };
}

/** A device cookie value for this account (OWASP "device cookies"): lets its owner sign in while the address is
 *  throttled for everyone else. */
export function deviceToken(d: AuthDeps, userId: string): Promise<string> {
  return signScoped(d.secret, 'device', userId, DEVICE_TTL_SECONDS, Math.floor(d.now / 1000), { jti: randomToken(12) });
}

/** The device cookie's account and id, when it is genuine and unexpired. */
async function presentedDevice(d: AuthDeps): Promise<{ userId: string; id: string } | null> {
  if (!d.device) return null;
  const p = await verifyScoped(d.secret, 'device', d.device, DEVICE_TTL_SECONDS, Math.floor(d.now / 1000));
  return p && typeof p.jti === 'string' ? { userId: p.sub, id: p.jti } : null;
}

async function startSession(d: AuthDeps, user: UserRow, familyId = newId()): Promise<Tokens> {
  const refreshToken = randomToken(32);
  await d.repo.createSession({ userId: user.id, familyId, tokenHash: await sha256(refreshToken), userAgent: d.userAgent?.slice(0, 200) ?? null, expiresAt: d.now + REFRESH_TTL_MS }, d.now);
  const accessToken = await issueAccessToken(d.secret, { userId: user.id, role: user.role, sessionId: familyId }, Math.floor(d.now / 1000));
  return { accessToken, refreshToken, sessionId: familyId, user: publicUser(user), deviceToken: await deviceToken(d, user.id) };
}

export async function verifyEmail(d: AuthDeps, input: { email: string; code: string }): Promise<Tokens> {
  const email = normalizeEmail(input.email);
  await enforce(d.limiter, d.now, [
    ['verify:ip', d.ip, 30, 900],
    ['verify:email', email, 10, 900],
  ]);
  const invalid = () => new UnprocessableError('Mã xác minh không đúng hoặc đã hết hạn.', 'INVALID_CODE');
  const user = await d.repo.userByEmail(email);
  // An unknown, deactivated or already verified address answers exactly like a wrong code.
  if (!user || user.status !== 'active' || user.emailVerifiedAt) throw invalid();
  const token = await d.repo.latestToken(user.id, 'verify_email');
  if (!token || token.consumedAt || token.expiresAt <= d.now || token.attempts >= CODE_MAX_ATTEMPTS) throw invalid();
  await d.repo.countTokenAttempt(token.id);
  const given = await codeHash(d.secret, user.id, input.code);
  if (given !== token.tokenHash) throw invalid();
  if (!(await d.repo.verifyEmail(user.id, token.id, d.now))) throw invalid();
  return startSession(d, { ...user, emailVerifiedAt: d.now });
}

/** Wrong-password sign-ins allowed per IP (across addresses) in a fixed window. */
export const LOGIN_ATTEMPTS_PER_IP = 30;
export const LOGIN_IP_WINDOW_SECONDS = 900;

/**
 * Sign-in. Only wrong passwords are counted, per address (known or unknown alike) and per IP; a correct password
 * gives its attempt back. Past LOGIN_FAILURES_PER_ADDRESS failures in the window the address is throttled (429) for
 * every client except a device its owner signed in from before, so a stranger can slow guessing down but cannot keep
 * the owner out. Attempts are reserved atomically before the password check, so parallel guesses cannot overrun it.
 */
export async function login(d: AuthDeps, input: { email: string; password: string }): Promise<Tokens> {
  const email = normalizeEmail(input.email);
  await enforce(d.limiter, d.now, [['login:ip', d.ip, LOGIN_ATTEMPTS_PER_IP, LOGIN_IP_WINDOW_SECONDS]]);
  const wrong = () => new UnauthorizedError('Email hoặc mật khẩu không đúng.', 'INVALID_CREDENTIALS');
  const user = await d.repo.userByEmail(email);
  // Same work whether or not the account exists (and whether or not the address is throttled): timing reveals nothing.
  const check = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  const device = await presentedDevice(d);
  const trusted = device !== null && user !== null && device.userId === user.id;
  const counter: [string, string, number] = trusted ? ['login-fail:device', device.id, LOGIN_FAILURES_PER_DEVICE] : ['login-fail:address', email, LOGIN_FAILURES_PER_ADDRESS];
  const attempt = await d.limiter.hit(counter[0], counter[1], counter[2], LOGIN_FAILURE_WINDOW_SECONDS, d.now);
  if (!attempt.ok) {
    throw new TooManyRequestsError(attempt.retryAfter, 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau hoặc đặt lại mật khẩu qua email.', 'LOGIN_THROTTLED');
  }
  if (!user || !user.passwordHash || !check.ok) throw wrong(); // the reserved attempts stay counted
  // A correct password gives back both attempts: many shoppers behind one address (carrier NAT, an office) sign in
  // freely; only wrong passwords add up per IP.
  await d.limiter.refund(counter[0], counter[1], LOGIN_FAILURE_WINDOW_SECONDS, d.now);
  await d.limiter.refund('login:ip', d.ip, LOGIN_IP_WINDOW_SECONDS, d.now);
  if (user.status !== 'active') throw new ForbiddenError('Tài khoản đã bị vô hiệu hóa.', 'ACCOUNT_DEACTIVATED');
  if (!user.emailVerifiedAt) throw new ForbiddenError('Vui lòng xác minh email trước khi đăng nhập.', 'EMAIL_NOT_VERIFIED');
  await d.repo.recordLoginSuccess(user.id, d.now, check.needsRehash ? await hashPassword(input.password) : null);
  return startSession(d, user);
}

/**
 * Rotates the refresh token. A token rotated less than REFRESH_GRACE_MS ago may be exchanged again (two tabs refreshing
 * at the same instant both stay signed in; the winner's new token stays valid). Presenting a rotated token after the
 * grace window is treated as theft: the whole family is revoked.
 */
export async function refresh(d: AuthDeps, refreshToken: string): Promise<Tokens> {
  await enforce(d.limiter, d.now, [['refresh:ip', d.ip, 60, 60]]);
  const invalid = () => new UnauthorizedError('Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.', 'INVALID_REFRESH_TOKEN');
  const reused = async (familyId: string) => {
    await d.repo.revokeFamily(familyId, d.now);
    return new UnauthorizedError('Phiên đăng nhập đã bị thu hồi vì mã làm mới bị dùng lại.', 'REFRESH_TOKEN_REUSED');
  };
  const hash = await sha256(refreshToken);
  let session = await d.repo.sessionByTokenHash(hash);
  if (!session || session.revokedAt || session.expiresAt <= d.now) throw invalid();
  const user = await d.repo.userById(session.userId);
  if (!user || user.status !== 'active') throw invalid();
  const next = randomToken(32);
  const nextHash = await sha256(next);
  let rotated = !session.rotatedAt && (await d.repo.rotate(session, nextHash, d.now + REFRESH_TTL_MS, d.now));
  if (!rotated) {
    // Already rotated (now or a moment ago by a concurrent request): within the grace window, a sibling token in the
    // same family; beyond it, reuse.
    session = (await d.repo.sessionByTokenHash(hash))!;
    if (session.revokedAt || session.rotatedAt === null || d.now - session.rotatedAt > REFRESH_GRACE_MS) throw await reused(session.familyId);
    rotated = await d.repo.addSibling(session, nextHash, d.now + REFRESH_TTL_MS, d.now);
    if (!rotated) throw invalid();
  }
  const accessToken = await issueAccessToken(d.secret, { userId: user.id, role: user.role, sessionId: session.familyId }, Math.floor(d.now / 1000));
  return { accessToken, refreshToken: next, sessionId: session.familyId, user: publicUser(user), deviceToken: await deviceToken(d, user.id) };
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
  // The emailed link proved the owner: this browser becomes a trusted device, so it can sign in even while strangers
  // keep the address throttled (the "unlock" path of ADR 0013).
  return { message: 'Đã đặt mật khẩu mới. Vui lòng đăng nhập lại trên mọi thiết bị.', deviceToken: await deviceToken(d, user.id) };
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
