// Unknown addresses. Matching a route (rather than none) runs the root loader, so the 404 page
// is in the visitor's language and shows who is signed in.
const notFound = () => {
  throw new Response("Not Found", { status: 404 });
};

export const loader = notFound;
export const action = notFound;

export default function NotFound() {
  return null;
}
