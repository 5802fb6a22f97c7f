// Limits that forms show as well as enforce. Client-safe and free of zod, so that pages can read
// them without the validation library reaching the browser (schemas.ts is server-side in effect).
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;
