/** The clock every table's integer timestamps use: whole seconds since 1970, UTC. */
export function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}
