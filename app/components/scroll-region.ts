/**
 * The attributes of a box that scrolls sideways when its table is wider than the screen (390 px):
 * it takes keyboard focus, so it can be scrolled without a mouse (WCAG 2.1.1, axe
 * scrollable-region-focusable), and is a group named like its table, so that focus says what it is (a group, not a region:
 * a landmark would have to be unique on the page).
 * Spread on the scrolling element: `<div className="card overflow-x-auto p-0" {...scrollRegion(caption)}>`.
 */
export function scrollRegion(label: string) {
  return { role: "group", "aria-label": label, tabIndex: 0 } as const;
}
