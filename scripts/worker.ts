// npm run worker: the e-mail delivery worker and the job runner on their own, beside (or instead
// of) the ones inside the server. Several workers may run at once: each claims rows and jobs in
// one statement. Stops on SIGTERM after the batch and the job in flight.
import { stopBackgroundWork } from "../app/background.server";
import { closeDb } from "../app/db.server";
import { logger } from "../app/log.server";
import { startMailDelivery } from "../app/modules/notifications/delivery.server";
import { startJobs } from "./background-work";

const sender = startMailDelivery();
startJobs();
// Background timers do not hold a process open (the server's listening socket does that); here
// this one does, until SIGTERM.
const keepAlive = setInterval(() => {}, 60_000);
let stopping = false;

async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger().info({ type: "mail", event: "worker_stopping", signal });
  await stopBackgroundWork();
  clearInterval(keepAlive);
  sender.close();
  closeDb();
  process.exit(0);
}

process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
