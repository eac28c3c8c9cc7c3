import { ViewerIndependent } from '../../common/viewer-scope.js';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { Room } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';
import { Message } from './message.entity.js';
import { Reaction, SendMessageInput } from './message.types.js';

@Resolver(() => Message)
export class MessageResolver {
  @Authorized()
  @Mutation(() => Message, { description: 'Sends a message to a room the viewer belongs to. Idempotent on clientId. Profanity is masked. Rate limited.' })
  sendMessage(@Arg('input', () => SendMessageInput, { description: 'Room, body and idempotency key.' }) input: SendMessageInput, @Ctx() ctx: Context) {
    return ctx.app.services.messages.sendMessage(ctx, input);
  }

  @Authorized()
  @Mutation(() => Message, { description: "Edits the viewer's own message (not a deleted one)." })
  editMessage(
    @Arg('messageId', () => ID, { description: 'The message.' }) messageId: string,
    @Arg('body', () => String, { description: 'New text, 1-4000 characters after trimming.' }) body: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.app.services.messages.editMessage(ctx, messageId, body);
  }

  @Authorized()
  @Mutation(() => Message, { description: 'Soft-deletes a message: it keeps its place, its body is no longer returned. The sender, a room OWNER or ADMIN, or a global MODERATOR or ADMIN.' })
  deleteMessage(@Arg('messageId', () => ID, { description: 'The message.' }) messageId: string, @Ctx() ctx: Context) {
    return ctx.app.services.messages.deleteMessage(ctx, messageId);
  }

  @Authorized()
  @Mutation(() => Message, { description: 'Adds the viewer\'s reaction (one emoji) to a message. Room members only; adding twice changes nothing.' })
  addReaction(
    @Arg('messageId', () => ID, { description: 'The message.' }) messageId: string,
    @Arg('emoji', () => String, { description: 'A single emoji, e.g. "👍".' }) emoji: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.app.services.messages.react(ctx, messageId, emoji, true);
  }

  @Authorized()
  @Mutation(() => Message, { description: "Removes the viewer's reaction from a message. Room members only." })
  removeReaction(
    @Arg('messageId', () => ID, { description: 'The message.' }) messageId: string,
    @Arg('emoji', () => String, { description: 'The emoji to take back.' }) emoji: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.app.services.messages.react(ctx, messageId, emoji, false);
  }

  @ViewerIndependent()
  @FieldResolver(() => String, { description: 'The text (plain text; render it as text, never as HTML). Empty once deleted.' })
  body(@Root() m: Message): string {
    return m.deletedAt ? '' : m.body;
  }

  @ViewerIndependent()
  @FieldResolver(() => User, { nullable: true, description: 'Who sent it; null when that account was deleted.' })
  sender(@Root() m: Message, @Ctx() ctx: Context) {
    return m.sender ? ctx.loaders.userById.load(m.sender.id) : null;
  }

  @FieldResolver(() => Room, { description: 'The room it belongs to.' })
  async room(@Root() m: Message, @Ctx() ctx: Context) {
    return ctx.loaders.roomById.load(m.room.id);
  }

  @ViewerIndependent()
  @FieldResolver(() => [Reaction], { description: 'Reactions, most used first; empty for deleted messages.' })
  reactions(@Root() m: Message): Reaction[] {
    if (m.deletedAt) return [];
    return Object.entries(m.reactions ?? {})
      .map(([emoji, users]) => Object.assign(new Reaction(), { emoji, count: users.length, userIds: users }))
      .sort((a, b) => b.count - a.count || a.emoji.localeCompare(b.emoji));
  }
}
