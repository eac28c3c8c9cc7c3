import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { PerViewer, ViewerIndependent } from '../../common/viewer-scope.js';
import type { Context } from '../../context.js';
import { Message } from '../messages/message.entity.js';
import { Upload } from './upload.entity.js';

/** Message.attachments: only resolved for a message the viewer already may read (its parent checked that). */
@Resolver(() => Message)
export class MessageAttachmentsResolver {
  @ViewerIndependent()
  @FieldResolver(() => [Upload], { description: 'Files attached to the message, in the order they were attached; empty once deleted.' })
  async attachments(@Root() m: Message, @Ctx() ctx: Context): Promise<Upload[]> {
    if (m.deletedAt) return [];
    return ctx.loaders.attachmentsByMessageId.load(m.id);
  }
}

@Resolver(() => Upload)
export class AttachmentResolver {
  // Signed for each viewer (an HMAC: cheap), over a result the room's subscribers share.
  @PerViewer()
  @FieldResolver(() => String, { description: 'A short-lived URL of the file, signed for the viewer (load it without headers, e.g. in <img>). Answers 403 once expired or when the viewer may no longer read the message.' })
  url(@Root() u: Upload, @Ctx() ctx: Context): string {
    return ctx.app.services.uploads.urls.url(u.id, 'file', ctx.viewer!.id);
  }

  @PerViewer()
  @FieldResolver(() => String, { nullable: true, description: 'A short-lived signed URL of a WebP thumbnail (at most 320x320; an animated image\'s first frame), for images; null otherwise.' })
  thumbnailUrl(@Root() u: Upload, @Ctx() ctx: Context): string | null {
    return u.hasThumbnail ? ctx.app.services.uploads.urls.url(u.id, 'thumb', ctx.viewer!.id) : null;
  }
}
