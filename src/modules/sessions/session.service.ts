import type { EntityManager } from '@mikro-orm/core';
import { assertId } from '../../common/ids.js';
import type { Context } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuthService } from '../auth/auth.service.js';
import { SessionEndReason } from '../auth/session-end-reason.js';
import { Session } from '../auth/session.entity.js';
import { DeviceSession } from './session.types.js';

const MAX_LISTED = 100;

/** "Browser on OS" from a user agent, for people to recognise their devices (not for any decision). */
export function describeDevice(userAgent: string | null | undefined): string {
  const ua = userAgent ?? '';
  if (!ua) return 'Unknown device';
  const browser = /Edg\//.test(ua) ? 'Edge' : /OPR\//.test(ua) ? 'Opera' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : null;
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad|iOS/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS X|Macintosh/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? ua.split(/[\s/]/)[0].slice(0, 40) ?? 'Unknown device';
}

/** The viewer's signed-in devices: listing them and signing one out (which closes that session's sockets). */
export class SessionService {
  constructor(
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  private live(em: EntityManager, userId: string, extra: Record<string, unknown> = {}) {
    return em.find(Session, { user: userId, revokedAt: null, expiresAt: { $gt: new Date() }, ...extra }, { orderBy: { createdAt: 'desc' }, limit: MAX_LISTED });
  }

  async list(ctx: Context): Promise<DeviceSession[]> {
    const rows = await this.live(ctx.em, ctx.viewer!.id);
    return rows
      .map((s) =>
        Object.assign(new DeviceSession(), {
          id: s.id,
          device: describeDevice(s.userAgent),
          userAgent: s.userAgent ?? null,
          ip: s.ip ?? null,
          createdAt: s.createdAt,
          lastUsedAt: s.lastUsedAt ?? s.createdAt,
          expiresAt: s.expiresAt,
          current: s.id === ctx.session?.id,
        }),
      )
      .sort((a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.getTime() - a.lastUsedAt.getTime());
  }

  /** Signs one of the viewer's sessions out: its tokens stop working and its sockets close (4403). */
  async revoke(ctx: Context, id: string): Promise<boolean> {
    const viewer = ctx.viewer!;
    const em = ctx.em.fork();
    const [session] = await this.live(em, viewer.id, { id: assertId(id, 'id') });
    if (!session) throw new NotFoundError('Session', 'id');
    await this.auth.revokeSessions(em, [session], SessionEndReason.SIGNED_OUT_REMOTELY);
    this.audit.record(em, { actorId: viewer.id, action: 'SESSION_REVOKED', targetType: 'USER', targetId: viewer.id, metadata: { sessionId: session.id, current: session.id === ctx.session?.id }, ip: ctx.ip });
    await em.flush();
    return true;
  }
}
