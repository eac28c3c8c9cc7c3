import type { MikroORM } from '@mikro-orm/core';
import type { Config } from '../../config.js';
import { openOrm } from '../../db.js';
import { AppError } from '../../errors.js';
import { AuditService } from '../audit/audit.service.js';
import { Role, User } from '../users/user.entity.js';
import { AdminService } from './admin.service.js';

export const ADMIN_CLI_USAGE = `Usage: npm run admin -- <command>

  promote <email or username> [--role ADMIN|MODERATOR]   give a user a global role (default ADMIN)
  demote <email or username> [--force]                   make a user an ordinary USER again
                                                         (refuses the last admin unless --force)
  unban <email or username>                              lift a ban (e.g. when the only admin was banned)
  list                                                   list admins and moderators

Uses the same database as the server (DATABASE_URL, or SQLite at ./data/parley.db).`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

function describe(u: User): string {
  return `${u.username} <${u.email}> ${u.role}${u.bannedAt ? ' (banned)' : ''} id=${u.id}`;
}

/**
 * The operator's way in: the first admin comes from here, never from "first user to register".
 * Returns the process exit code. Role changes go through AdminService.changeRole, so they are audited
 * (USER_ROLE_CHANGED, no actor, metadata.via = "cli") and the last-admin rule holds.
 */
export async function runAdminCli(argv: string[], config: Config, io: CliIo, existingOrm?: MikroORM): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.out(ADMIN_CLI_USAGE);
    return command ? 0 : 2;
  }
  if (!['promote', 'demote', 'unban', 'list'].includes(command)) {
    io.err(`Unknown command "${command}".\n\n${ADMIN_CLI_USAGE}`);
    return 2;
  }
  const flags = new Set(rest.filter((a) => a.startsWith('--')));
  const positional: string[] = [];
  let role = Role.ADMIN;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--role') {
      const value = (rest[++i] ?? '').toUpperCase();
      if (value !== Role.ADMIN && value !== Role.MODERATOR) {
        io.err('--role must be ADMIN or MODERATOR.');
        return 2;
      }
      role = value as Role;
    } else if (!rest[i].startsWith('--')) positional.push(rest[i]);
  }

  const orm = existingOrm ?? (await openOrm(config, { migrate: config.database.kind === 'sqlite' }));
  try {
    const em = orm.em.fork();
    if (command === 'list') {
      const staff = await em.find(User, { role: { $in: [Role.ADMIN, Role.MODERATOR] } }, { orderBy: { role: 'asc', usernameLower: 'asc' } });
      if (!staff.length) io.out('No admins or moderators yet. Promote one with: npm run admin -- promote <email or username>');
      for (const u of staff) io.out(describe(u));
      return 0;
    }
    const who = positional[0]?.trim();
    if (!who || positional.length > 1) {
      io.err(`${command} needs exactly one email or username.\n\n${ADMIN_CLI_USAGE}`);
      return 2;
    }
    const user = await em.findOne(User, who.includes('@') ? { email: who.toLowerCase() } : { usernameLower: who.toLowerCase() });
    if (!user) {
      io.err(`No user with ${who.includes('@') ? 'email' : 'username'} "${who}". Register the account first.`);
      return 1;
    }
    if (command === 'unban') {
      if (!user.bannedAt) {
        io.out(`${user.username} is not banned; nothing changed.`);
        return 0;
      }
      const audit = new AuditService();
      const previousReason = user.banReason ?? null;
      user.bannedAt = null;
      user.banReason = null;
      audit.record(em, { actorId: null, action: 'USER_UNBANNED', targetType: 'USER', targetId: user.id, metadata: { previousReason, via: 'cli' } });
      await em.flush();
      io.out(`${user.username}: unbanned`);
      return 0;
    }
    // What changeRole needs: the database kind and the audit log (no sockets to tell from here).
    const admin = new AdminService({ config, audit: new AuditService() });
    const target = command === 'promote' ? role : Role.USER;
    const from = await admin.changeRole(orm.em.fork(), user.id, target, { actorId: null, via: 'cli', force: flags.has('--force') });
    if (from === null) io.out(`${user.username} is already ${target}; nothing changed.`);
    else io.out(`${user.username}: ${from} -> ${target}`);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      io.err(err.message + (command === 'demote' ? ' (use --force to do it anyway)' : ''));
      return 1;
    }
    throw err;
  } finally {
    if (!existingOrm) await orm.close(true);
  }
}
