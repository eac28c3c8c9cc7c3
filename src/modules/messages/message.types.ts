import { PerViewer, ViewerIndependent } from '../../common/viewer-scope.js';
import { Ctx, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { Context } from '../../context.js';
import { ConnectionType } from '../../common/connection.js';
import { Message } from './message.entity.js';

export const MessageConnection = ConnectionType(Message, 'Message', 'message');
export type MessageConnection = InstanceType<typeof MessageConnection>;

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

  @PerViewer()
  @Field(() => Boolean, { description: 'Whether the viewer is one of them.' })
  reactedByMe(@Ctx() ctx: Context): boolean {
    return !!ctx.viewer && this.userIds.includes(ctx.viewer.id);
  }
}

@InputType({ description: 'A message to send. Repeating the same clientId returns the first message instead of sending twice.' })
export class SendMessageInput {
  @Field(() => ID, { description: 'The room to send to; the viewer must be a member.' })
  roomId!: string;

  @Field(() => String, { description: 'Message text, 1-4000 characters after trimming. Rendered as plain text by clients.' })
  body!: string;

  @Field(() => String, { nullable: true, description: 'Client-generated idempotency key (up to 64 characters of letters, digits, - _ : .), e.g. a UUID.' })
  clientId?: string | null;
}
