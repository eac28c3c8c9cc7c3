import type { EntityManager } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { DatabaseKind } from '../../config.js';
import { insertStatement, type NativeStatement } from '../../common/native-sql.js';
import { User } from '../users/user.entity.js';
import { AuditEvent, type AuditAction } from './audit-event.entity.js';

export interface AuditEntry {
  actorId?: string | null;
  action: AuditAction;
  targetType?: 'USER' | 'ROOM' | 'MESSAGE' | null;
  targetId?: string | null;
  metadata?: Record<string, unknown> | null;
  ip?: string | null;
}

/** Writes audit log rows. Callers pass the EntityManager of their transaction so the entry commits with the change. */
export class AuditService {
  record(em: EntityManager, entry: AuditEntry): AuditEvent {
    const event = em.create(AuditEvent, {
      actor: entry.actorId ? em.getReference(User, entry.actorId) : null,
        action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
        metadata: entry.metadata ?? null,
        ip: entry.ip ?? null,
    });
    em.persist(event);
    return event;
  }

  /** The same row as a native INSERT, for a write path that runs without a unit of work (sending a message). */
  insertStatement(kind: DatabaseKind, entry: AuditEntry, at = new Date(), where?: string): NativeStatement {
    return insertStatement(
      kind,
      'audit_events',
      {
        id: randomUUID(),
        actor_id: entry.actorId ?? null,
        action: entry.action,
        target_type: entry.targetType ?? null,
        target_id: entry.targetId ?? null,
        metadata: entry.metadata ?? null,
        ip: entry.ip ?? null,
        created_at: at,
      },
      {},
      where,
    );
  }
}
