// Lengths that introduction forms show as well as enforce. Client-safe and free of zod.
export const MESSAGE_MAX = 1000;
export const NOTE_MAX = 1000;
