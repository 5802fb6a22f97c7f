// The production HTTP server: security headers, the Origin check, body limits, request logs,
// the Remix app, background work, and a graceful stop on SIGTERM.
import crypto from "node:crypto";
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import net, { type Socket } from "node:net";
import path from "node:path";
import { PassThrough } from "node:stream";
import { pathToFileURL } from "node:url";
import { createReadableStreamFromReadable, createRequestHandler, data, writeReadableStreamToWritable, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import { startRecurring, stopBackgroundWork } from "./app/background.server";
import { BUSY_RETRY_AFTER_SECONDS, closeDb, isDatabaseBusy, retryWhileBusy, waitBriefly } from "./app/db.server";
import { getEnv } from "./app/env.server";
import { logger } from "./app/log.server";
import { withRouteMessages } from "./app/route-messages.server";
import { getT, resolveLocale, rootI18n } from "./app/modules/i18n/locales.server";
import { isSameOriginRequest } from "./app/modules/auth/origin.server";
import { bodyLimitFor } from "./app/modules/companies/upload-limit";
import { deleteExpiredSessions, hasSessionCookie } from "./app/modules/auth/session.server";
import { startMatching } from "./app/modules/matching/sync.server";
import { startJobs } from "./scripts/background-work";
import { startMailDelivery } from "./app/modules/notifications/delivery.server";
import { isMailPreviewPath, isOneClickUnsubscribe } from "./app/modules/notifications/paths";
import { FormLimitError, formLimiter } from "./app/utils/form-limits";

const env = getEnv();
const log = logger();
// This thread serves every page: a statement waits a moment for another process's lock, then
// the request retries on a timer (withBusyAs503), so a held lock never freezes the event loop.
waitBriefly();
const build = withRouteMessages(withBusyAs503((await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild));

// A write behind another process's lock (an import, a backup, the worker) fails with SQLITE_BUSY
// after a brief wait. Every loader and action is then tried again on a timer, with backoff, until
// BUSY_DEADLINE_MS (docs/decisions/0009-busy-retry.md); an action gets a fresh copy of the request
// each time, since its body can be read once. Past the deadline it is a passing overload, not a
// bug: a 503 with Retry-After, which the root error boundary shows as "busy".
//
// An error page needs the root loader's data (language, user) for its words, and Remix does not
// run the root loader when a page's action fails. So for a plain form post whatever the action
// throws (busy, a refused form, a bug; redirects excepted) ends the action without a result, and
// the page's loaders throw it instead, with the root loader's data beside them. And when the root
// loader itself fails (a session touch during a held lock), the page gets the root data of a
// visitor in the request's language, marked `failure`, and the root shows the error page in it.
const failedPosts = new WeakMap<object, unknown>();
const dataRequests = new WeakSet<object>();
// Requests whose body the server read into memory before Remix (forms): an action can be tried
// again with a copy. A streamed upload (an import file) is read once, so its action is not retried.
const bufferedBodies = new WeakSet<object>();

const isRedirect = (err: unknown) => err instanceof Response && err.status >= 300 && err.status < 400;

function withBusyAs503(original: ServerBuild): ServerBuild {
  const routes = Object.fromEntries(
    Object.entries(original.routes).map(([id, route]) => {
      const { loader, action, default: page } = route.module;
      const module = { ...route.module };
      if (loader) {
        module.loader = async (args) => {
          if (id !== "root" && failedPosts.has(args.context)) {
            const err = failedPosts.get(args.context);
            throw isDatabaseBusy(err) ? busyResponse(args.request) : err;
          }
          try {
            return await retryWhileBusy(async () => loader(args), { onWait: () => log.info({ type: "db-busy-wait", route: id }) });
          } catch (err) {
            if (isRedirect(err)) throw err;
            const busy = isDatabaseBusy(err);
            if (busy) log.warn({ type: "db-busy", route: id });
            if (id !== "root" || dataRequests.has(args.context)) {
              if (busy) throw busyResponse(args.request);
              throw err;
            }
            const status = busy ? 503 : err instanceof Response ? err.status : 500;
            if (!busy && !(err instanceof Response)) log.error({ type: "server-error", path: new URL(args.request.url).pathname, err });
            const failed = { user: null, i18n: rootI18n(resolveLocale(args.request)), failure: { status } };
            return data(failed, { status, headers: busy ? { "Retry-After": String(BUSY_RETRY_AFTER_SECONDS) } : {} });
          }
        };
      }
      if (action) {
        module.action = async (args) => {
          try {
            if (!bufferedBodies.has(args.context)) return await action(args);
            return await retryWhileBusy(async () => action({ ...args, request: args.request.clone() }), {
              onWait: () => log.info({ type: "db-busy-wait", route: id }),
            });
          } catch (err) {
            if (isRedirect(err)) throw err;
            const busy = isDatabaseBusy(err);
            if (busy) log.warn({ type: "db-busy", route: id });
            if (page && !dataRequests.has(args.context)) {
              failedPosts.set(args.context, err);
              return null;
            }
            throw busy ? busyResponse(args.request) : err;
          }
        };
      }
      return [id, { ...route, module }];
    }),
  );
  return { ...original, routes };
}

/** The "busy" answer, in the language the request asks for (the user's setting needs the database). */
function busyResponse(request: { headers: { get(name: string): string | null } }) {
  return new Response(getT(resolveLocale(request))("errors.busy.title"), {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(BUSY_RETRY_AFTER_SECONDS) },
  });
}

/** The language of an Express request, for the plain answers given before Remix. */
const tOf = (req: Request) => getT(resolveLocale({ headers: { get: (name) => req.get(name) ?? null } }));

const app = express();
app.disable("x-powered-by");
if (env.TRUST_PROXY) app.set("trust proxy", env.TRUST_PROXY);

let stopping = false;

// One JSON line per request. The query string is left out: it can carry tokens.
app.use((req, res, next) => {
  const start = process.hrtime.bigint();
  res.on("finish", () => {
    log.info({
      type: "request",
      method: req.method,
      path: req.path,
      status: res.statusCode,
      ms: Number((process.hrtime.bigint() - start) / 1000n) / 1000,
      ip: req.ip,
    });
  });
  if (stopping) res.setHeader("Connection", "close");
  next();
});

// gzip (or deflate) for pages, data and assets, as the browser accepts: the scripts and pages a
// phone downloads shrink to about a third.
app.use(compression());

app.use((_req, res, next) => {
  res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
  next();
});

app.use(
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'strict-dynamic'", "'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
      },
    },
    // HSTS only over https (below): on plain http it is meaningless and breaks local use.
    strictTransportSecurity: false,
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    crossOriginEmbedderPolicy: false,
  }),
);

app.use((req, res, next) => {
  if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  next();
});

// The mail log's HTML preview brings its own stricter policy (see its route).
app.use((req, res, next) => {
  if (isMailPreviewPath(req.path)) res.removeHeader("Content-Security-Policy");
  next();
});

// CSRF: every state-changing request, to a page action or a resource route alike.
app.use((req, res, next) => {
  // A mail provider's one-click unsubscribe has no Origin; its signed token is the protection.
  if (isOneClickUnsubscribe(req.method, req.path)) return next();
  const ok = isSameOriginRequest({
    method: req.method,
    origin: req.get("origin"),
    referer: req.get("referer"),
    protocol: req.protocol,
    host: req.get("host"),
  });
  if (ok) return next();
  log.warn({ type: "security", event: "cross_origin_refused", method: req.method, path: req.path, ip: req.ip });
  res.status(403).type("text/plain").send("Cross-origin request refused");
});

// Bodies over the limit are refused before they are read (the admin import alone takes large
// files). A streamed body of unknown length is refused too: browsers always send a length for
// forms and uploads.
app.use((req, res, next) => {
  const length = req.get("content-length");
  if (length !== undefined && Number(length) > bodyLimitFor(req.path, env.MAX_BODY_BYTES)) {
    res.status(413).type("text/plain").send("Request body too large");
    return;
  }
  if (length === undefined && req.get("transfer-encoding")) {
    res.status(411).type("text/plain").send("Length required");
    return;
  }
  next();
});

// Forms are counted as they arrive, within FORM_LIMITS (app/utils/form-limits.ts), before any
// field is parsed: a form over a cap gets 413 at once, on every route, pages and resource routes
// alike. A form within them is handed to Remix as the bytes read. The import pages stream their
// large files instead (their action reads the body for staff only; readForm counts it there).
app.use((req, res, next) => {
  const limiter =
    req.method === "GET" || req.method === "HEAD" || bodyLimitFor(req.path, env.MAX_BODY_BYTES) > env.MAX_BODY_BYTES
      ? null
      : formLimiter(req.get("content-type"));
  if (!limiter) return next();
  const chunks: Buffer[] = [];
  let refused = false;
  req.on("data", (chunk: Buffer) => {
    if (refused) return;
    try {
      limiter.write(chunk);
      chunks.push(chunk);
    } catch (err) {
      if (!(err instanceof FormLimitError)) throw err;
      refused = true;
      chunks.length = 0;
      log.warn({ type: "security", event: "form_refused", reason: err.reason, method: req.method, path: req.path, ip: req.ip });
      // The rest of the body is read and dropped, so the client sees the answer, not a reset.
      res.status(413).type("text/plain").send(tOf(req)("error.tooLarge"));
    }
  });
  req.on("end", () => {
    if (refused) return;
    try {
      limiter.end();
    } catch (err) {
      if (!(err instanceof FormLimitError)) return next(err);
      log.warn({ type: "security", event: "form_refused", reason: err.reason, method: req.method, path: req.path, ip: req.ip });
      res.status(413).type("text/plain").send(tOf(req)("error.tooLarge"));
      return;
    }
    res.locals.formBody = Buffer.concat(chunks);
    next();
  });
});

app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
// The other files of public/ (favicon.ico), known at start: a page request is not a file lookup.
const publicFiles = express.static("public", { maxAge: "1h" });
const publicNames = new Set(fs.readdirSync("public").filter((name) => name !== "build"));
app.use((req, res, next) => (publicNames.has(req.path.split("/")[1] ?? "") ? publicFiles(req, res, next) : next()));

// Pages of a signed-in user are never stored by browsers or proxies.
app.use((req, res, next) => {
  if (hasSessionCookie(req.headers.cookie)) res.setHeader("Cache-Control", "no-store");
  next();
});

// The Remix app, for every path and method. Mounted with app.use, not app.all("*"): Express
// decodes a "*" route's path and fails with a 500 on broken percent-encoding ("/%FF"); Remix
// answers those with its 404 page.
const handleRemix = createRequestHandler(build, env.NODE_ENV);

/**
 * The fetch Request Remix reads, built as @remix-run/express builds it (its conversions are not
 * exported): the URL as the client sent it (`req.hostname` honours `trust proxy`), the headers, a
 * signal that aborts when the client goes away, and the body: the form already read and counted,
 * or the request stream.
 */
function remixRequest(req: Request, res: Response, formBody: Uint8Array<ArrayBuffer> | undefined): globalThis.Request {
  const port = [req.get("x-forwarded-host"), req.get("host")].map((h) => Number.parseInt(h?.split(":")[1] ?? "", 10)).find(Number.isSafeInteger);
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else if (values) headers.set(key, values);
  }
  const controller = new AbortController();
  let finished = false;
  res.on("finish", () => (finished = true));
  res.on("close", () => finished || controller.abort());
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = formBody ?? readableBody(req);
    init.duplex = "half";
  }
  return new globalThis.Request(url.href, init);
}

/**
 * A streamed body (the import's files) through a pass-through: when the app stops reading (readForm
 * refused the form), the pass-through is destroyed, not the client's connection, and the rest of
 * the body is read and dropped, so the client gets the answer instead of a reset.
 */
function readableBody(req: Request) {
  const body = new PassThrough();
  // Its only error is the reason the app gave for stopping: nothing to handle (unhandled, it would end the process).
  body.on("error", () => {});
  req.pipe(body);
  body.on("close", () => {
    if (req.complete) return;
    req.unpipe(body);
    req.resume();
  });
  return createReadableStreamFromReadable(body);
}

async function sendRemixResponse(res: Response, response: globalThis.Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

app.use(async (req, res, next) => {
  try {
    const request = remixRequest(req, res, res.locals.formBody as Uint8Array<ArrayBuffer> | undefined);
    const context = { cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? "unknown" };
    // Single-fetch requests of the client router (/path.data) run an action without the loaders.
    if (req.path.endsWith(".data")) dataRequests.add(context);
    if (res.locals.formBody) bufferedBodies.add(context);
    await sendRemixResponse(res, await handleRemix(request, context));
  } catch (err) {
    next(err);
  }
});

// Anything thrown outside Remix: a plain message, never a stack trace.
app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
  if (isDatabaseBusy(err)) {
    log.warn({ type: "db-busy", path: req.path });
    if (!res.headersSent) res.status(503).set("Retry-After", String(BUSY_RETRY_AFTER_SECONDS)).type("text/plain").send(tOf(req)("errors.busy.title"));
    return;
  }
  // Express's own refusals (a malformed request it could not read) carry a 4xx status.
  const status = (err as { status?: unknown }).status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    log.warn({ type: "bad-request", path: req.path, status });
    if (!res.headersSent) res.status(status).type("text/plain").send(tOf(req)("error.badRequest"));
    return;
  }
  log.error({ type: "server-error", path: req.path, err });
  if (!res.headersSent) res.status(500).type("text/plain").send(tOf(req)("error.unexpected"));
});

startRecurring("session-cleanup", 60 * 60 * 1000, deleteExpiredSessions);
startMailDelivery();
startMatching();
startJobs();

const server = app.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  log.info({ type: "server", event: "listening", host: env.HOST, port, mode: env.NODE_ENV });
});

// Connections kept alive by clients between two requests: at a stop they are closed at once
// instead of at the keep-alive timeout. http's own closeIdleConnections is not used: it also
// closes connections whose first request has arrived but is not read yet, and under load those
// are many.
const betweenRequests = new Set<Socket>();
let accepted = 0;
server.on("connection", (socket: Socket) => {
  accepted += 1;
  socket.on("close", () => betweenRequests.delete(socket));
});
server.on("request", (req: IncomingMessage, res: ServerResponse) => {
  betweenRequests.delete(req.socket);
  res.on("finish", () => {
    if (!req.socket.destroyed) betweenRequests.add(req.socket);
  });
});

/**
 * Closes the port once the connections the kernel has already accepted are taken in. A busy
 * server takes them in a few per turn of the event loop; closing the port before would reset
 * them, requests and all. Two turns without a new connection mean the queue is empty; after 5 s
 * the port closes anyway (later arrivals are answered, with Connection: close).
 */
function closePortWhenQueueEmpty(done: () => void) {
  const started = Date.now();
  let seen = accepted;
  let quietTurns = 0;
  const turn = () => {
    quietTurns = accepted === seen ? quietTurns + 1 : 0;
    seen = accepted;
    if (quietTurns >= 2 || Date.now() - started > 5_000) net.Server.prototype.close.call(server, done);
    else setImmediate(turn);
  };
  setImmediate(turn);
}

function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ type: "server", event: "stopping", signal });
  // Whatever happens, the process is gone within 10 s.
  setTimeout(() => {
    log.error({ type: "server", event: "forced-exit" });
    process.exit(1);
  }, 9_500).unref();
  setTimeout(() => server.closeAllConnections(), 8_000).unref();
  closePortWhenQueueEmpty(async () => {
    await stopBackgroundWork();
    closeDb();
    log.info({ type: "server", event: "stopped" });
    process.exit(0);
  });
  // Responses sent from now on carry Connection: close; connections waiting for a next request go now.
  const closeWaiting = () => betweenRequests.forEach((socket) => socket.destroy());
  closeWaiting();
  setInterval(closeWaiting, 100).unref();
}

process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
