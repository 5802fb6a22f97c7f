-- Matching learns of every change to a listing that can move a match, in the transaction of the
-- change itself, whatever code makes it (profile edits, reviews, suspensions, imports): these
-- triggers queue the company id; matching/sync.server.ts consumes the queue. Listing writes set
-- the listing's columns all at once (companies.server.ts writeListing) and the code lists with
-- them, so a trigger on those columns sees code-list changes too. Drafts of invisible firms
-- queue nothing.
CREATE TRIGGER `match_queue_on_insert` AFTER INSERT ON `companies` WHEN NEW.`visible` = 1
BEGIN
  INSERT INTO `match_queue` (`company_id`) VALUES (NEW.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `match_queue_on_update` AFTER UPDATE OF `visible`, `country`, `size`, `languages`, `description` ON `companies`
WHEN NEW.`visible` = 1 OR OLD.`visible` = 1
BEGIN
  INSERT INTO `match_queue` (`company_id`) VALUES (NEW.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `match_queue_on_delete` AFTER DELETE ON `companies` WHEN OLD.`visible` = 1
BEGIN
  INSERT INTO `match_queue` (`company_id`) VALUES (OLD.`id`);
END;
--> statement-breakpoint
INSERT INTO `match_state` (`id`, `seq`) VALUES (1, 0);
