-- While a firm is suspended its open introductions are held: no answer and no expiry
-- (introductions/workflow.server.ts). When staff restore the firm, those introductions get back
-- the time they were held, in the transaction of the restoration itself, whatever code makes it:
-- the companies module restores firms and never writes introductions.
CREATE TRIGGER `introductions_resume_on_restore` AFTER UPDATE OF `suspended_at` ON `companies`
WHEN OLD.`suspended_at` IS NOT NULL AND NEW.`suspended_at` IS NULL
BEGIN
  UPDATE `introductions`
  SET `expires_at` = `expires_at` + (unixepoch() - OLD.`suspended_at`)
  WHERE `status` IN ('requested', 'approved')
    AND (`requester_company_id` = NEW.`id` OR `target_company_id` = NEW.`id`);
END;
