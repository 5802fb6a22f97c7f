CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_user_id` text,
	`actor_email` text,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text,
	`before` text,
	`after` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_created_idx` ON `audit_log` (`created_at`);--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity_type`,`entity_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor_user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_log_action_idx` ON `audit_log` (`action`,`created_at`);--> statement-breakpoint
CREATE TABLE `introduction_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`introduction_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`kind` text NOT NULL,
	`actor_user_id` text,
	`company_id` integer,
	`note` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`introduction_id`) REFERENCES `introductions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `introduction_events_intro_idx` ON `introduction_events` (`introduction_id`,`id`);--> statement-breakpoint
CREATE TABLE `introduction_outcomes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`introduction_id` integer NOT NULL,
	`outcome` text NOT NULL,
	`partnership_type` text,
	`note` text,
	`company_id` integer,
	`recorded_by_user_id` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`introduction_id`) REFERENCES `introductions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `introduction_outcomes_intro_idx` ON `introduction_outcomes` (`introduction_id`,`id`);--> statement-breakpoint
CREATE TABLE `introductions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`requester_company_id` integer NOT NULL,
	`target_company_id` integer NOT NULL,
	`pair_low` integer NOT NULL,
	`pair_high` integer NOT NULL,
	`initiated_by` text NOT NULL,
	`created_by_user_id` text,
	`purpose` text NOT NULL,
	`message` text NOT NULL,
	`status` text NOT NULL,
	`decided_by_user_id` text,
	`decided_at` integer,
	`staff_reason` text,
	`requester_accepted_at` integer,
	`target_accepted_at` integer,
	`answered_by_user_id` text,
	`declined_by_company_id` integer,
	`decline_note` text,
	`accepted_at` integer,
	`closed_at` integer,
	`expires_at` integer NOT NULL,
	`expiry_reminder_sent_at` integer,
	`outcome_reminder_sent_at` integer,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`requester_company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`target_company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`decided_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`answered_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `introductions_open_pair_idx` ON `introductions` (`pair_low`,`pair_high`) WHERE status in ('requested', 'approved');--> statement-breakpoint
CREATE INDEX `introductions_status_created_idx` ON `introductions` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `introductions_requester_idx` ON `introductions` (`requester_company_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `introductions_target_idx` ON `introductions` (`target_company_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `introductions_expires_idx` ON `introductions` (`status`,`expires_at`);--> statement-breakpoint
CREATE TABLE `staff_alert_frequencies` (
	`user_id` text PRIMARY KEY NOT NULL,
	`frequency` text NOT NULL,
	`last_digest_at` integer,
	`updated_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
