ALTER TABLE `companies` ADD `phone` text;--> statement-breakpoint
ALTER TABLE `companies` ADD `wechat` text;--> statement-breakpoint
ALTER TABLE `companies` ADD `whatsapp` text;--> statement-breakpoint
ALTER TABLE `companies` ADD `line` text;--> statement-breakpoint
ALTER TABLE `companies` ADD `zalo` text;--> statement-breakpoint
ALTER TABLE `companies` ADD `telegram` text;