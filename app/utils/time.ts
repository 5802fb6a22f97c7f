/** The clock every table's integer timestamps use: whole seconds since 1970, UTC. */
export function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}
// Dates people read are written by app/modules/i18n/dates.ts, in their language.
