import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ViewerIndependent } from '../../common/viewer-scope.js';
import { Message } from '../messages/message.entity.js';
import { User } from '../users/user.entity.js';

/**
 * A stored file. Until a message takes it, only its owner knows it exists; then it is that message's attachment,
 * readable by whoever may read the message through short-lived signed URLs.
 */
@ObjectType('Attachment', { description: "A file attached to a message. Its URLs are signed for the viewer and expire: don't store them, ask again." })
@Entity({ tableName: 'uploads' })
@Index({ properties: ['owner', 'createdAt'] })
@Index({ properties: ['message', 'position'] })
@Index({ properties: ['createdAt'] })
export class Upload {
  @ViewerIndependent()
  @Field(() => ID, { description: 'Opaque, stable identifier (the id `POST /uploads` answered).' })
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Who uploaded it; null once that account was deleted. */
  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  owner?: User | null;

  /** The message it is attached to; null while unattached (the sweep deletes it after a day). */
  @ManyToOne(() => Message, { nullable: true, deleteRule: 'cascade' })
  message?: Message | null;

  /** Its place among the message's attachments. */
  @Property({ type: 'integer', default: 0 })
  position: number & Opt = 0;

  @ViewerIndependent()
  @Field(() => String, { description: 'The file name as uploaded (without any path).' })
  @Property({ type: 'string', length: 255 })
  filename!: string;

  @ViewerIndependent()
  @Field(() => String, { description: 'The type detected from the file\'s bytes, e.g. "image/png" (never the uploader\'s claim).' })
  @Property({ type: 'string', length: 100 })
  contentType!: string;

  @ViewerIndependent()
  @Field(() => Int, { description: 'Size in bytes of the stored file (images are re-encoded without their metadata).' })
  @Property({ type: 'integer' })
  size!: number;

  @ViewerIndependent()
  @Field(() => Int, { nullable: true, description: 'Width in pixels, for images.' })
  @Property({ type: 'integer', nullable: true })
  width?: number | null;

  @ViewerIndependent()
  @Field(() => Int, { nullable: true, description: 'Height in pixels, for images.' })
  @Property({ type: 'integer', nullable: true })
  height?: number | null;

  /** A WebP thumbnail is stored beside the file (images). */
  @Property({ type: 'boolean', default: false })
  hasThumbnail: boolean & Opt = false;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}

/** Storage keys of an upload's objects. */
export function storageKeys(u: Pick<Upload, 'id' | 'hasThumbnail'>): string[] {
  return u.hasThumbnail ? [u.id, `${u.id}.thumb.webp`] : [u.id];
}
