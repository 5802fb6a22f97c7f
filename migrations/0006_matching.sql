CREATE TABLE `match_announcements` (
	`user_id` text NOT NULL,
	`company_id` integer NOT NULL,
	`partner_id` integer NOT NULL,
	`via` text NOT NULL,
	`outbox_key` text NOT NULL,
	`announced_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `company_id`, `partner_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`partner_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `match_dismissals` (
	`company_id` integer NOT NULL,
	`partner_id` integer NOT NULL,
	`user_id` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	PRIMARY KEY(`company_id`, `partner_id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`partner_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `match_dismissals_partner_idx` ON `match_dismissals` (`partner_id`);--> statement-breakpoint
CREATE TABLE `match_email_frequencies` (
	`user_id` text PRIMARY KEY NOT NULL,
	`frequency` text NOT NULL,
	`updated_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `match_exclusions` (
	`company_id` integer NOT NULL,
	`partner_id` integer NOT NULL,
	`reason` text NOT NULL,
	`note` text,
	`created_by_user_id` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	PRIMARY KEY(`company_id`, `partner_id`, `reason`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`partner_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `match_exclusions_partner_idx` ON `match_exclusions` (`partner_id`);--> statement-breakpoint
CREATE TABLE `match_lists` (
	`company_id` integer PRIMARY KEY NOT NULL,
	`entries` blob NOT NULL,
	`entry_count` integer NOT NULL,
	`complete` integer NOT NULL,
	`features` blob NOT NULL,
	`algorithm_version` text NOT NULL,
	`computed_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `match_news` (
	`company_id` integer NOT NULL,
	`partner_id` integer NOT NULL,
	`score` integer NOT NULL,
	`found_at` integer NOT NULL,
	PRIMARY KEY(`company_id`, `partner_id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`partner_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `match_news_found_idx` ON `match_news` (`company_id`,`found_at`);--> statement-breakpoint
CREATE TABLE `match_queue` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`queued_at` integer DEFAULT (unixepoch()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `match_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`seq` integer DEFAULT 0 NOT NULL,
	`algorithm_version` text,
	`rules_key` text,
	`rebuild_requested_at` integer,
	`rebuilt_at` integer,
	`updated_at` integer DEFAULT (unixepoch()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (unixepoch()) NOT NULL,
	`updated_by_user_id` text,
	FOREIGN KEY (`updated_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
