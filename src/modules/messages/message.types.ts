import { PerViewer, ViewerIndependent } from '../../common/viewer-scope.js';
import { Ctx, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { Context } from '../../context.js';
import { ConnectionType } from '../../common/connection.js';
import { Message } from './message.entity.js';

export const MessageConnection = ConnectionType(Message, 'Message', 'message');
export type MessageConnection = InstanceType<typeof MessageConnection>;

/** Whether `viewer` is among a reaction's users. */
function reactedBy(r: Pick<Reaction, 'userIds'>, viewer: { id: string } | null): boolean {
  return !!viewer && r.userIds.includes(viewer.id);
}

@ObjectType({ description: 'One emoji reaction on a message, with how many people reacted with it.' })
export class Reaction {
  @ViewerIndependent()
  @Field(() => String, { description: 'The emoji.' })
  emoji!: string;

  @ViewerIndependent()
  @Field(() => Int, { description: 'How many people reacted with this emoji.' })
  count!: number;

  /** Who reacted (not a field: each viewer only learns whether they are one of them). */
  userIds!: readonly string[];

  // The overlay's parent may be the plain object a resolver returned (type-graphql makes the instance only to call
  // the method), so the test is a function of its fields.
  @PerViewer<Reaction>(reactedBy)
  @Field(() => Boolean, { description: 'Whether the viewer is one of them.' })
  reactedByMe(@Ctx() ctx: Context): boolean {
    return reactedBy(this, ctx.viewer);
  }
}

@InputType({ description: 'A message to send. Repeating the same clientId returns the first message instead of sending twice.' })
export class SendMessageInput {
  @Field(() => ID, { description: 'The room to send to; the viewer must be a member.' })
  roomId!: string;

  @Field(() => String, { description: 'Message text as typed (Markdown; clients render a safe subset), up to 4000 characters after trimming; may be empty when the message has attachments.' })
  body!: string;

  @Field(() => [ID], { nullable: true, description: 'Up to 10 of the viewer\'s own uploads (ids from POST /uploads) not yet attached to a message, in display order.' })
  attachmentIds?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'The message this one answers; it must be in the same room.' })
  replyToId?: string | null;

  @Field(() => String, { nullable: true, description: 'Client-generated idempotency key (up to 64 characters of letters, digits, - _ : .), e.g. a UUID.' })
  clientId?: string | null;
}
