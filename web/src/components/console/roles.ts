/** Vietnamese names of the account roles, for the console (header, users screen, 403 page). */
export const ROLE_LABELS: Record<string, string> = { admin: 'Quản trị viên', pharmacist: 'Dược sĩ', customer: 'Khách hàng' };
export const STATUS_LABELS: Record<string, string> = { active: 'Đang hoạt động', deactivated: 'Đã khóa' };
export const roleLabel = (role: string) => ROLE_LABELS[role] ?? role;
