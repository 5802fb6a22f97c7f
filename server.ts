// The production HTTP server: security headers, the Origin check, body limits, request logs,
// the Remix app, background work, and a graceful stop on SIGTERM.
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import net, { type Socket } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import { startRecurring, stopBackgroundWork } from "./app/background.server";
import { BUSY_RETRY_AFTER_SECONDS, closeDb, isDatabaseBusy } from "./app/db.server";
import { getEnv } from "./app/env.server";
import { logger } from "./app/log.server";
import { getT } from "./app/modules/i18n/locales.server";
import { isSameOriginRequest } from "./app/modules/auth/origin.server";
import { bodyLimitFor } from "./app/modules/companies/upload-limit";
import { deleteExpiredSessions, hasSessionCookie } from "./app/modules/auth/session.server";
import { startIntroductionUpkeep } from "./app/modules/introductions/workflow.server";
import { startMatching } from "./app/modules/matching/sync.server";
import { startMailDelivery } from "./app/modules/notifications/delivery.server";
import { isMailPreviewPath, isOneClickUnsubscribe } from "./app/modules/notifications/paths";

const env = getEnv();
const log = logger();
const build = withBusyAs503((await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild);

// A write that waited the whole busy_timeout behind another process's lock (an import, a backup,
// the worker) fails with SQLITE_BUSY. That is a passing overload, not a bug: every loader and
// action turns it into a 503 with Retry-After, which the root error boundary shows as "busy".
// Remix does not run the root loader (language, user) when a page's action fails, so the error
// page of a plain form post would have no words: there the action ends without a result and the
// page's loaders answer 503 instead, with the root loader's data beside them.
const busyPosts = new WeakSet<object>();
const dataRequests = new WeakSet<object>();

function withBusyAs503(original: ServerBuild): ServerBuild {
  const routes = Object.fromEntries(
    Object.entries(original.routes).map(([id, route]) => {
      const { loader, action, default: page } = route.module;
      const module = { ...route.module };
      if (loader) {
        module.loader = async (args) => {
          if (id !== "root" && busyPosts.has(args.context)) throw busyResponse();
          try {
            return await loader(args);
          } catch (err) {
            if (!isDatabaseBusy(err)) throw err;
            log.warn({ type: "db-busy", route: id });
            throw busyResponse();
          }
        };
      }
      if (action) {
        module.action = async (args) => {
          try {
            return await action(args);
          } catch (err) {
            if (!isDatabaseBusy(err)) throw err;
            log.warn({ type: "db-busy", route: id });
            if (page && !dataRequests.has(args.context)) {
              busyPosts.add(args.context);
              return null;
            }
            throw busyResponse();
          }
        };
      }
      return [id, { ...route, module }];
    }),
  );
  return { ...original, routes };
}

function busyResponse() {
  return new Response(getT("en")("errors.busy.title"), {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(BUSY_RETRY_AFTER_SECONDS) },
  });
}

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

app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));

// Pages of a signed-in user are never stored by browsers or proxies.
app.use((req, res, next) => {
  if (hasSessionCookie(req.headers.cookie)) res.setHeader("Cache-Control", "no-store");
  next();
});

app.all(
  "*",
  createRequestHandler({
    build,
    mode: env.NODE_ENV,
    getLoadContext: (req, res) => {
      const context = { cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? "unknown" };
      // Single-fetch requests of the client router (/path.data) run an action without the loaders.
      if (req.path.endsWith(".data")) dataRequests.add(context);
      return context;
    },
  }),
);

// Anything thrown outside Remix: a plain message, never a stack trace.
app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
  if (isDatabaseBusy(err)) {
    log.warn({ type: "db-busy", path: req.path });
    if (!res.headersSent) res.status(503).set("Retry-After", String(BUSY_RETRY_AFTER_SECONDS)).type("text/plain").send(getT("en")("errors.busy.title"));
    return;
  }
  log.error({ type: "server-error", path: req.path, err });
  if (!res.headersSent) res.status(500).type("text/plain").send("Internal Server Error");
});

startRecurring("session-cleanup", 60 * 60 * 1000, deleteExpiredSessions);
startMailDelivery();
startMatching();
startIntroductionUpkeep();

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
