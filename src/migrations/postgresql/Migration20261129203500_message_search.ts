import { Migration } from '@mikro-orm/migrations';
import { searchLanguage } from '../../config.js';

/**
 * Full-text search over message bodies: a tsvector column the database keeps (a stored generated column, so every
 * write path, native SQL included, keeps it current) and a GIN index on it. Its text search configuration
 * `parley_search` is SEARCH_LANGUAGE's (default `simple`: no stemming, no stop words) with accents folded by
 * `unaccent`, as SQLite's FTS5 does; queries name the same configuration. The entity does not map the column
 * (db.ts keeps schema diffs away from it).
 */
export class Migration20261129203500_message_search extends Migration {
  override async up(): Promise<void> {
    const language = searchLanguage(process.env.SEARCH_LANGUAGE);
    const dictionary = language === 'simple' ? 'simple' : `${language}_stem`;
    this.addSql(`create extension if not exists unaccent;`);
    this.addSql(`create text search configuration "parley_search" (copy = "${language}");`);
    this.addSql(`alter text search configuration "parley_search" alter mapping for hword, hword_part, word with unaccent, "${dictionary}";`);
    this.addSql(`alter table "messages" add column "search_vector" tsvector generated always as (to_tsvector('parley_search'::regconfig, "body")) stored;`);
    this.addSql(`create index "messages_search_vector_index" on "messages" using gin ("search_vector");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "messages_search_vector_index";`);
    this.addSql(`alter table "messages" drop column if exists "search_vector";`);
    this.addSql(`drop text search configuration if exists "parley_search";`);
  }
}
