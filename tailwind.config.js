/** @type {import('tailwindcss').Config} */
export default {
  content: ["./app/**/*.{ts,tsx}"],
  theme: {
    extend: {
      fontFamily: {
        sans: ['"Noto Sans"', '"Noto Sans CJK SC"', '"Noto Sans Thai"', "system-ui", "sans-serif"],
      },
    },
  },
  plugins: [],
};
