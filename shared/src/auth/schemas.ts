import { z } from '@hono/zod-openapi';

const email = z.string().trim().max(254).email('Email không hợp lệ.').openapi({ example: 'an.nguyen@example.com' });
const password = z.string().min(1).max(128).openapi({ example: 'MatKhau2026' });
const name = z.string().trim().min(1, 'Vui lòng nhập họ tên.').max(100);
const phone = z.string().trim().max(20).openapi({ example: '0912345678', description: 'Vietnamese mobile or landline; +84 accepted' });

export const RegisterSchema = z
  .object({
    email,
    password,
    name,
    phone: phone.optional(),
    // #17 legal: required in effect (422 CONSENT_REQUIRED unless true), optional in the schema so the refusal is that code.
    acceptPrivacyPolicy: z.boolean().optional().openapi({ description: 'The shopper accepted the privacy policy and the terms of use (recorded with the published versions)' }),
  })
  .strict();
export const VerifyEmailSchema = z.object({ email, code: z.string().regex(/^\d{6}$/, 'Mã gồm 6 chữ số.') }).strict();
export const EmailOnlySchema = z.object({ email }).strict();
export const LoginSchema = z.object({ email, password }).strict();
export const RefreshSchema = z.object({ refreshToken: z.string().min(20).max(100).optional() }).strict();
export const ResetPasswordSchema = z.object({ token: z.string().min(20).max(100), password }).strict();
export const UpdateMeSchema = z
  .object({ name: name.optional(), phone: phone.nullable().optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Cần ít nhất một trường để cập nhật' });
export const ChangePasswordSchema = z.object({ currentPassword: password, newPassword: password }).strict();

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    emailVerified: z.boolean(),
    name: z.string(),
    phone: z.string().nullable(),
    role: z.enum(['customer', 'pharmacist', 'admin']),
    status: z.enum(['active', 'deactivated']),
    practisingCertificate: z.string().nullable(),
    createdAt: z.number().int(),
  })
  .openapi('User');

export const SessionResponseSchema = z
  .object({
    user: UserSchema,
    accessToken: z.string().optional().openapi({ description: 'Only with `X-Auth-Mode: token` (API clients); browsers get HttpOnly cookies' }),
    refreshToken: z.string().optional(),
    expiresIn: z.number().int(),
  })
  .openapi('Session');

export const MessageSchema = z.object({ message: z.string() }).openapi('Message');

export const CreateStaffSchema = z
  .object({
    email,
    name,
    phone: phone.optional(),
    role: z.enum(['pharmacist', 'admin']),
    practisingCertificate: z.string().trim().max(60).optional(),
    password,
  })
  .strict();

export const AdminUpdateUserSchema = z
  .object({
    role: z.enum(['customer', 'pharmacist', 'admin']).optional(),
    status: z.enum(['active', 'deactivated']).optional(),
    practisingCertificate: z.string().trim().max(60).nullable().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Cần ít nhất một trường để cập nhật' });
