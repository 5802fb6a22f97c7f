import { useNavigate } from "@remix-run/react";
import type { MouseEvent } from "react";

/**
 * A click handler for an element full of plain links (a list of cards): it navigates them within
 * the app, as a router `Link` would, with one handler for all of them. A `Link` resolves its path
 * on every render, and a page of ten cards has twenty links. What a `Link` leaves to the browser
 * is left to it here too: other buttons, modifier keys (new tab or window), a target, a download,
 * another origin, and any click a handler inside already took. Without JavaScript they are plain
 * links.
 */
export function useRoutedClicks() {
  const navigate = useNavigate();
  return (event: MouseEvent<HTMLElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest("a") : null;
    if (!link || !event.currentTarget.contains(link) || link.target || link.hasAttribute("download")) return;
    if (link.origin !== window.location.origin) return;
    event.preventDefault();
    navigate(link.pathname + link.search + link.hash);
  };
}
