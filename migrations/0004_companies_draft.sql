ALTER TABLE `companies` ADD `draft` text;--> statement-breakpoint
-- The working copy is kept only while it differs from an approved listing (an edit awaiting review).
UPDATE `companies` SET `draft` = `profile` WHERE `published_at` IS NOT NULL AND `status` <> 'approved';--> statement-breakpoint
-- sort_name now also holds the local name (folded in the app; lower() is its ASCII approximation).
UPDATE `companies` SET `sort_name` = `sort_name` || ' ' || lower(`local_name`) WHERE `local_name` IS NOT NULL;
--> statement-breakpoint
-- The search index keeps no copy of the text (contentless; rows are deleted by rowid) and needs
-- no case folding (the app folds the text): a third faster to write at 100,000 companies.
DROP TABLE `company_search`;--> statement-breakpoint
CREATE VIRTUAL TABLE `company_search` USING fts5(`text`, tokenize = 'trigram case_sensitive 1', content = '', contentless_delete = 1);--> statement-breakpoint
-- A 64 MB buffer of pending terms and merges of 16 segments at a time: a bulk import flushes and
-- merges far less often (a third less work at 100,000 companies); small writes are unaffected.
INSERT INTO `company_search` (`company_search`, `rank`) VALUES ('hashsize', 67108864);--> statement-breakpoint
INSERT INTO `company_search` (`company_search`, `rank`) VALUES ('automerge', 16);--> statement-breakpoint
-- Refill from the listings (lower() is the ASCII approximation of the app's folding; the app
-- rewrites a company's row whenever its listing changes).
INSERT INTO `company_search` (rowid, `text`) SELECT `id`, lower(`name` || char(10) || coalesce(`local_name`, '') || char(10) || coalesce(`description`, '')) FROM `companies`;
--> statement-breakpoint
-- The code tables become WITHOUT ROWID: the primary key is the table, so each row is written to
-- two b-trees (table, code index) instead of three. drizzle-kit cannot express this: a later
-- generated rebuild of these tables must keep "WITHOUT ROWID".
CREATE TABLE `__new_company_sectors` (
	`company_id` integer NOT NULL,
	`sector` text NOT NULL,
	PRIMARY KEY(`company_id`, `sector`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;--> statement-breakpoint
INSERT INTO `__new_company_sectors` (`company_id`, `sector`) SELECT `company_id`, `sector` FROM `company_sectors`;--> statement-breakpoint
DROP TABLE `company_sectors`;--> statement-breakpoint
ALTER TABLE `__new_company_sectors` RENAME TO `company_sectors`;--> statement-breakpoint
CREATE INDEX `company_sectors_sector_idx` ON `company_sectors` (`sector`,`company_id`);--> statement-breakpoint
CREATE TABLE `__new_company_offers` (
	`company_id` integer NOT NULL,
	`capability` text NOT NULL,
	PRIMARY KEY(`company_id`, `capability`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;--> statement-breakpoint
INSERT INTO `__new_company_offers` (`company_id`, `capability`) SELECT `company_id`, `capability` FROM `company_offers`;--> statement-breakpoint
DROP TABLE `company_offers`;--> statement-breakpoint
ALTER TABLE `__new_company_offers` RENAME TO `company_offers`;--> statement-breakpoint
CREATE INDEX `company_offers_capability_idx` ON `company_offers` (`capability`,`company_id`);--> statement-breakpoint
CREATE TABLE `__new_company_needs` (
	`company_id` integer NOT NULL,
	`capability` text NOT NULL,
	PRIMARY KEY(`company_id`, `capability`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;--> statement-breakpoint
INSERT INTO `__new_company_needs` (`company_id`, `capability`) SELECT `company_id`, `capability` FROM `company_needs`;--> statement-breakpoint
DROP TABLE `company_needs`;--> statement-breakpoint
ALTER TABLE `__new_company_needs` RENAME TO `company_needs`;--> statement-breakpoint
CREATE INDEX `company_needs_capability_idx` ON `company_needs` (`capability`,`company_id`);--> statement-breakpoint
CREATE TABLE `__new_company_partnership_types` (
	`company_id` integer NOT NULL,
	`partnership_type` text NOT NULL,
	PRIMARY KEY(`company_id`, `partnership_type`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;--> statement-breakpoint
INSERT INTO `__new_company_partnership_types` (`company_id`, `partnership_type`) SELECT `company_id`, `partnership_type` FROM `company_partnership_types`;--> statement-breakpoint
DROP TABLE `company_partnership_types`;--> statement-breakpoint
ALTER TABLE `__new_company_partnership_types` RENAME TO `company_partnership_types`;--> statement-breakpoint
CREATE INDEX `company_partnership_types_partnership_type_idx` ON `company_partnership_types` (`partnership_type`,`company_id`);--> statement-breakpoint
CREATE TABLE `__new_company_target_markets` (
	`company_id` integer NOT NULL,
	`country` text NOT NULL,
	PRIMARY KEY(`company_id`, `country`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;--> statement-breakpoint
INSERT INTO `__new_company_target_markets` (`company_id`, `country`) SELECT `company_id`, `country` FROM `company_target_markets`;--> statement-breakpoint
DROP TABLE `company_target_markets`;--> statement-breakpoint
ALTER TABLE `__new_company_target_markets` RENAME TO `company_target_markets`;--> statement-breakpoint
CREATE INDEX `company_target_markets_country_idx` ON `company_target_markets` (`country`,`company_id`);
