import type { Context } from '../../context.js';
import { BadInputError } from '../../errors.js';
import type { RateLimiter } from '../../rate-limit.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuthService } from '../auth/auth.service.js';
import type { Room } from '../rooms/room.entity.js';

/** Attempts at a room password per user per room, and per IP over all rooms, within the window. */
export const ROOM_PASSWORD_ATTEMPTS_PER_USER = 5;
export const ROOM_PASSWORD_ATTEMPTS_PER_IP = 20;
export const ROOM_PASSWORD_WINDOW_SECONDS = 300;

/**
 * Protected public rooms: the join password is stored as an argon2id hash like account passwords, never returned,
 * and attempts are rate limited per user and per IP before the hash is even checked.
 */
export class RoomPasswordService {
  constructor(
    private readonly auth: AuthService,
    private readonly rateLimiter: RateLimiter,
    private readonly audit: AuditService,
  ) {}

  /** A new password's hash; an empty string means "no password" (null). */
  async hash(password: string, field = 'password'): Promise<string | null> {
    if (typeof password !== 'string') throw new BadInputError(field, `"${field}" must be text.`);
    if (password === '') return null;
    if (password.length < 4 || password.length > 128) throw new BadInputError(field, 'A room password must be 4-128 characters.');
    return this.auth.hashPassword(password);
  }

  /** Lets the viewer in when the room has no password or the given one is right; counts every attempt. */
  async check(ctx: Context, room: Room, password: string | null | undefined): Promise<void> {
    if (!room.passwordHash) return;
    if (!password) throw new BadInputError('password', 'This room is protected: enter its password.');
    const viewer = ctx.viewer!;
    await this.rateLimiter.hitAll(
      [
        [`roompw:user:${viewer.id}:${room.id}`, ROOM_PASSWORD_ATTEMPTS_PER_USER],
        [`roompw:ip:${ctx.ip ?? 'unknown'}`, ROOM_PASSWORD_ATTEMPTS_PER_IP],
      ],
      ROOM_PASSWORD_WINDOW_SECONDS,
    );
    if (await this.auth.verifyPassword(room.passwordHash, password)) return;
    const em = ctx.em.fork();
    this.audit.record(em, { actorId: viewer.id, action: 'ROOM_PASSWORD_FAILED', targetType: 'ROOM', targetId: room.id, ip: ctx.ip });
    await em.flush();
    throw new BadInputError('password', 'That password is not right.');
  }
}
