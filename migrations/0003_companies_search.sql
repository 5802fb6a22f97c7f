-- Search over the listing's names and description, in any script: a trigram index finds any
-- substring of three or more characters (Chinese and Thai have no spaces between words). The
-- text is stored folded (text.ts foldForSearch), so Vietnamese matches with or without
-- diacritics. rowid = companies.id. Written by the companies module with every listing change.
CREATE VIRTUAL TABLE `company_search` USING fts5(`text`, tokenize = 'trigram');
