CREATE TABLE `companies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`external_id` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`profile` text NOT NULL,
	`name` text NOT NULL,
	`local_name` text,
	`country` text NOT NULL,
	`city` text,
	`website` text,
	`founded_year` integer,
	`size` text,
	`languages` text DEFAULT '[]' NOT NULL,
	`description` text,
	`contact_name` text,
	`contact_email` text,
	`sort_name` text NOT NULL,
	`visible` integer DEFAULT false NOT NULL,
	`published_at` integer,
	`suspended_at` integer,
	`submitted_at` integer,
	`reviewed_at` integer,
	`reviewed_by_user_id` text,
	`rejection_reason` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`reviewed_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `companies_external_id_unique` ON `companies` (`external_id`);--> statement-breakpoint
CREATE INDEX `companies_visible_sort_idx` ON `companies` (`visible`,`sort_name`);--> statement-breakpoint
CREATE INDEX `companies_visible_country_sort_idx` ON `companies` (`visible`,`country`,`sort_name`);--> statement-breakpoint
CREATE INDEX `companies_status_submitted_idx` ON `companies` (`status`,`submitted_at`);--> statement-breakpoint
CREATE TABLE `company_invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`company_id` integer NOT NULL,
	`kind` text NOT NULL,
	`email` text NOT NULL,
	`invited_by_user_id` text,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`used_by_user_id` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`used_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `company_invitations_token_hash_unique` ON `company_invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `company_invitations_company_id_idx` ON `company_invitations` (`company_id`);--> statement-breakpoint
CREATE TABLE `company_members` (
	`user_id` text PRIMARY KEY NOT NULL,
	`company_id` integer NOT NULL,
	`role` text DEFAULT 'member' NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `company_members_company_id_idx` ON `company_members` (`company_id`);--> statement-breakpoint
CREATE TABLE `company_needs` (
	`company_id` integer NOT NULL,
	`capability` text NOT NULL,
	PRIMARY KEY(`company_id`, `capability`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `company_needs_capability_idx` ON `company_needs` (`capability`,`company_id`);--> statement-breakpoint
CREATE TABLE `company_offers` (
	`company_id` integer NOT NULL,
	`capability` text NOT NULL,
	PRIMARY KEY(`company_id`, `capability`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `company_offers_capability_idx` ON `company_offers` (`capability`,`company_id`);--> statement-breakpoint
CREATE TABLE `company_partnership_types` (
	`company_id` integer NOT NULL,
	`partnership_type` text NOT NULL,
	PRIMARY KEY(`company_id`, `partnership_type`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `company_partnership_types_partnership_type_idx` ON `company_partnership_types` (`partnership_type`,`company_id`);--> statement-breakpoint
CREATE TABLE `company_sectors` (
	`company_id` integer NOT NULL,
	`sector` text NOT NULL,
	PRIMARY KEY(`company_id`, `sector`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `company_sectors_sector_idx` ON `company_sectors` (`sector`,`company_id`);--> statement-breakpoint
CREATE TABLE `company_target_markets` (
	`company_id` integer NOT NULL,
	`country` text NOT NULL,
	PRIMARY KEY(`company_id`, `country`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `company_target_markets_country_idx` ON `company_target_markets` (`country`,`company_id`);--> statement-breakpoint
CREATE TABLE `profile_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`decision` text NOT NULL,
	`reason` text,
	`staff_user_id` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`staff_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `profile_reviews_company_id_idx` ON `profile_reviews` (`company_id`);