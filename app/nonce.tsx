import { createContext, useContext } from "react";

// The per-request CSP nonce. The server renders it into every script tag; browsers hide the
// attribute's value from the DOM afterwards, so on the client it is the empty string.
const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
