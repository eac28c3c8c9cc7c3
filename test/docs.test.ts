import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { parse, type OperationDefinitionNode } from 'graphql';
import { loadConfig } from '../src/config.js';
import { runAdminCli } from '../src/modules/admin/admin.cli.js';
import { AuditEvent } from '../src/modules/audit/audit-event.entity.js';
import { startServer, waitFor, type TestServer } from './harness.js';
import { subscribe } from './realtime-helpers.js';

/**
 * Runs every example in docs/API-EXAMPLES.md, in order, against a fresh server: operations over HTTP (or graphql-ws
 * for subscriptions) with their variables, and the `npm run admin` commands through the CLI's entry point.
 * Each operation has a step below saying who runs it, what it must return and which placeholders it fills;
 * an example without a step, or a step without an example, fails the test.
 */

type Who = 'ada' | 'grace' | null;
type Vars = Record<string, string>;

interface Example {
  name: string;
  kind: 'query' | 'mutation' | 'subscription';
  query: string;
  variables: Record<string, unknown>;
}

interface Step {
  as: Who;
  /** Checks the data and returns placeholders (and tokens) it provides. */
  then?: (data: any, vars: Vars) => Vars | void;
  /** Runs instead of the default HTTP execution (subscriptions). */
  run?: (ex: Example, vars: Vars) => Promise<void>;
}

const doc = readFileSync('docs/API-EXAMPLES.md', 'utf8');

function blocks(md: string): Array<{ lang: string; body: string }> {
  return [...md.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], body: m[2] }));
}

function parseDoc(md: string): Array<Example | { kind: 'sh'; commands: string[] }> {
  const out: Array<Example | { kind: 'sh'; commands: string[] }> = [];
  const list = blocks(md);
  for (let i = 0; i < list.length; i++) {
    const b = list[i];
    if (b.lang === 'sh') {
      out.push({ kind: 'sh', commands: b.body.split('\n').filter((l) => l.trim()) });
    } else if (b.lang === 'graphql') {
      const op = parse(b.body).definitions[0] as OperationDefinitionNode;
      if (!op.name) throw new Error(`an example has no operation name:\n${b.body}`);
      const next = list[i + 1];
      const variables = next?.lang === 'json' ? JSON.parse(next.body) : {};
      out.push({ name: op.name.value, kind: op.operation, query: b.body, variables });
    } else if (b.lang !== 'json') {
      throw new Error(`unexpected code block language "${b.lang}"`);
    }
  }
  return out;
}

function substitute(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') {
    const m = /^<([A-Z_]+)>$/.exec(value);
    if (!m) return value;
    if (!(m[1] in vars)) throw new Error(`placeholder ${value} is not filled by an earlier example`);
    return vars[m[1]];
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)]));
  return value;
}

let t: TestServer;
const tokens: Record<string, string> = {};
let examples: ReturnType<typeof parseDoc>;

async function exec(ex: Example, vars: Vars, as: Who, override?: Record<string, unknown>) {
  const variables = substitute(override ?? ex.variables, vars) as Record<string, unknown>;
  const r = await t.gql(ex.query, variables, as ? tokens[as] : undefined);
  if (r.errors) throw new Error(`${ex.name} failed: ${JSON.stringify(r.errors)}`);
  return r.data;
}

function example(name: string): Example {
  const ex = examples.find((e) => e.kind !== 'sh' && e.name === name) as Example | undefined;
  if (!ex) throw new Error(`no example named ${name}`);
  return ex;
}

const steps: Record<string, Step> = {
  CreateInviteLink: {
    as: 'ada',
    then: (d) => {
      expect(d.createInviteLink).toMatchObject({ usesLeft: 10, url: `/invite/${d.createInviteLink.code}` });
      return { INVITE_CODE: d.createInviteLink.code };
    },
  },
  InvitePreview: {
    as: 'grace',
    then: (d) => void expect(d.invitePreview).toEqual({ name: 'Analytical engine', kind: 'GROUP', description: 'Notes on the notes', memberCount: 2, hasPassword: false, isMember: true, usesLeft: 10 }),
  },
  InviteToRoom: {
    as: 'ada',
    then: (d) => {
      expect(d.inviteToRoom).toMatchObject({ status: 'PENDING', invitee: { username: 'mallory' } });
      return { INVITATION_ID: d.inviteToRoom.id };
    },
  },
  CancelInvitation: { as: 'ada', then: (d) => void expect(d.cancelInvitation).toEqual({ status: 'CANCELLED' }) },
  BanFromRoom: { as: 'ada', then: (d) => void expect(d.banFromRoom.bans.edges[0].node).toEqual({ reason: 'Spam', user: { username: 'mallory' }, bannedBy: { username: 'ada' } }) },
  BlockUser: { as: 'grace', then: (d) => void expect(d.blockUser).toEqual({ username: 'mallory', blockedByMe: true }) },
  SendContactRequest: {
    as: 'ada',
    then: (d) => {
      expect(d.sendContactRequest).toMatchObject({ status: 'PENDING', from: { username: 'ada' }, to: { username: 'grace' } });
      return { CONTACT_REQUEST_ID: d.sendContactRequest.id };
    },
  },
  AcceptContactRequest: { as: 'grace', then: (d) => void expect(d).toEqual({ acceptContactRequest: { status: 'ACCEPTED' }, updateProfile: { whoCanMessageMe: 'CONTACTS' } }) },
  Sessions: {
    as: 'ada',
    then: (d) => {
      expect(d.sessions.some((s: any) => s.current)).toBe(true);
      expect(d.contacts.edges).toEqual([{ node: { username: 'grace', contactStatus: 'CONTACT' } }]);
    },
  },
  Register: {
    as: null,
    then: (d) => {
      expect(d.register.user).toMatchObject({ username: 'ada', email: 'ada@example.com', role: 'USER' });
      tokens.ada = d.register.accessToken;
      return { ADA_ID: d.register.user.id, REFRESH_TOKEN: d.register.refreshToken };
    },
  },
  Login: {
    as: null,
    then: (d) => {
      tokens.ada = d.login.accessToken;
      return { REFRESH_TOKEN: d.login.refreshToken };
    },
  },
  Refresh: {
    as: null,
    then: (d) => {
      tokens.ada = d.refreshToken.accessToken;
      return { REFRESH_TOKEN: d.refreshToken.refreshToken };
    },
  },
  Me: { as: 'ada', then: (d) => void expect(d.me).toMatchObject({ username: 'ada', email: 'ada@example.com', isOnline: false }) },
  FindUsers: {
    as: 'ada',
    then: (d) => {
      const grace = d.users.edges.map((e: any) => e.node).find((n: any) => n.username === 'grace');
      expect(grace).toBeDefined();
      return { GRACE_ID: grace.id };
    },
  },
  CreateGroup: {
    as: 'ada',
    then: (d) => {
      expect(d.createGroupRoom).toMatchObject({ kind: 'GROUP', memberCount: 2, myRole: 'OWNER' });
      return { ROOM_ID: d.createGroupRoom.id };
    },
  },
  CreatePublicRoom: { as: 'ada', then: (d) => ({ PUBLIC_ROOM_ID: d.createPublicRoom.id }) },
  OpenDirect: { as: 'ada', then: (d) => void expect(d.createDirectRoom.members.edges).toHaveLength(2) },
  PublicRooms: { as: 'grace', then: (d, v) => void expect(d.publicRooms.edges.map((e: any) => e.node.id)).toContain(v.PUBLIC_ROOM_ID) },
  JoinRoom: { as: 'grace', then: (d) => void expect(d.joinRoom).toMatchObject({ memberCount: 2, myRole: 'MEMBER' }) },
  MyRooms: { as: 'ada', then: (d) => void expect(d.rooms.edges).toHaveLength(3) },
  Send: {
    as: 'ada',
    then: (d) => {
      expect(d.sendMessage).toMatchObject({ clientId: 'ada-0001', sender: { username: 'ada' } });
      return { MESSAGE_ID: d.sendMessage.id };
    },
  },
  History: { as: 'grace', then: (d, v) => void expect(d.room.messages.edges.map((e: any) => e.node.id)).toContain(v.MESSAGE_ID) },
  React: { as: 'grace', then: (d) => void expect(d.addReaction.reactions).toEqual([{ emoji: '🎉', count: 1, reactedByMe: true }]) },
  MarkRead: { as: 'grace', then: (d) => void expect(d.markRead.unreadCount).toBeGreaterThanOrEqual(0) },
  Edit: { as: 'ada', then: (d) => void expect(d.editMessage.editedAt).toEqual(expect.any(String)) },
  Mention: { as: 'ada', then: (d) => ({ MENTION_ID: d.sendMessage.id, ...(expect(d.sendMessage.mentions).toEqual([{ username: 'grace' }]), {}) }) },
  Search: {
    as: 'grace',
    then: (d, v) => {
      const edge = d.searchMessages.edges.find((e: any) => e.node.id === v.MENTION_ID);
      expect(edge.highlights.map((h: any) => edge.node.body.slice(h.start, h.end))).toEqual(['engine']);
    },
  },
  MyMentions: {
    as: 'grace',
    then: (d, v) => {
      expect(d.mentions.edges[0].node).toMatchObject({ id: v.MENTION_ID, mentionsMe: true });
      expect(d.room).toMatchObject({ mentionCount: 1, notificationLevel: 'ALL' });
    },
  },
  NotifyLevel: { as: 'grace', then: (d) => void expect(d.setNotificationLevel.notificationLevel).toBe('MENTIONS') },
  SeenBy: { as: 'ada', then: (d) => void expect(d.room.messages.edges.some((e: any) => e.node.seenBy.some((u: any) => u.username === 'grace'))).toBe(true) },
  ReceiptsOff: { as: 'grace', then: (d) => void expect(d.updateProfile.shareReadReceipts).toBe(false) },
  RoomEvents: {
    as: 'grace',
    run: async (ex, vars) => {
      const sub = subscribe(t.ws(tokens.grace), ex.query, substitute(ex.variables, vars) as Record<string, unknown>);
      try {
        await waitFor(() => sub.events.some((e) => e.__typename === 'MessageEdited') || sub.errors.length, 'the replayed events, up to the edit');
        expect(sub.errors).toEqual([]);
        const types = sub.events.map((e) => e.__typename);
        expect(types).toEqual(expect.arrayContaining(['MemberJoined', 'MessageAdded', 'MessageEdited', 'ReactionChanged']));
        const seqs = sub.events.map((e) => e.seq);
        expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
        // Live: another message from ada, through the Send example with a new clientId.
        const send = example('Send');
        const live = await exec(send, vars, 'ada', { input: { ...(send.variables.input as object), body: 'And it arrives live.', clientId: 'ada-0002' } });
        await waitFor(() => sub.events.some((e) => e.message?.id === live.sendMessage.id), 'the live MessageAdded');
      } finally {
        sub.dispose();
      }
    },
  },
  Typing: {
    as: 'grace',
    run: async (ex, vars) => {
      const sub = subscribe(t.ws(tokens.grace), ex.query, substitute(ex.variables, vars) as Record<string, unknown>);
      try {
        // The subscription has no "ready" signal: stop and start typing (repeated starts are throttled) until it hears one.
        const started = () => sub.events.some((e) => e.isTyping && e.user.username === 'ada');
        const deadline = Date.now() + 10_000;
        while (!started() && !sub.errors.length && Date.now() < deadline) {
          await t.gql(`mutation($r: ID!) { setTyping(roomId: $r, isTyping: false) }`, { r: vars.ROOM_ID }, tokens.ada);
          await exec(example('SetTyping'), vars, 'ada');
          await waitFor(() => started(), 'a typing event', 400).catch(() => undefined);
        }
        expect(sub.errors).toEqual([]);
        expect(sub.events.find((e) => e.isTyping)).toEqual({ isTyping: true, user: { username: 'ada' } });
      } finally {
        sub.dispose();
      }
    },
  },
  SetTyping: { as: 'ada', run: async () => {} /* run by the Typing step, while grace listens */ },
  AdminUsers: {
    as: 'ada',
    then: (d) => {
      expect(d.adminUsers.totalCount).toBe(1);
      expect(d.adminUsers.edges[0].node).toMatchObject({ username: 'grace', email: 'grace@example.com', bannedAt: null });
    },
  },
  AdminRooms: {
    as: 'ada',
    then: (d, v) => {
      expect(d.adminRooms.edges.find((e: any) => e.node.id === v.ROOM_ID).node).toMatchObject({ memberCount: 2, messageCount: 3, createdBy: { username: 'ada' } });
    },
  },
  AdminMessages: {
    as: 'ada',
    then: (d, v) => {
      expect(d.adminMessages.edges.map((e: any) => e.node.id)).toEqual([v.MESSAGE_ID]);
      expect(d.adminMessages.edges[0].node.room.id).toBe(v.ROOM_ID);
    },
  },
  MakeModerator: { as: 'ada', then: (d) => void expect(d.setUserRole).toMatchObject({ username: 'grace', role: 'MODERATOR' }) },
  Ban: { as: 'ada', then: (d) => void expect(d.banUser).toMatchObject({ username: 'mallory', bannedAt: expect.any(String), banReason: 'Spam links in #general' }) },
  Unban: { as: 'ada', then: (d) => void expect(d.unbanUser.bannedAt).toBeNull() },
  Audit: {
    as: 'ada',
    then: (d) => {
      expect(d.auditEvents.edges.map((e: any) => e.node.action)).toEqual(['USER_UNBANNED', 'USER_BANNED']);
      expect(d.auditEvents.edges[1].node).toMatchObject({ actor: { username: 'ada' }, target: { __typename: 'User', username: 'mallory' }, metadata: { reason: 'Spam links in #general' } });
    },
  },
  DeleteMessage: { as: 'grace', then: (d) => void expect(d.deleteMessage).toMatchObject({ deletedAt: expect.any(String), body: '' }) },
  SendWithAttachment: {
    as: 'ada',
    then: (d, v) => {
      expect(d.sendMessage.attachments).toEqual([expect.objectContaining({ id: v.UPLOAD_ID, filename: 'photo.png', contentType: 'image/png', width: 64, height: 48, url: expect.stringMatching(/^\/files\//) })]);
      return { PHOTO_MESSAGE_ID: d.sendMessage.id };
    },
  },
  Reply: { as: 'grace', then: (d, v) => void expect(d.sendMessage.replyTo).toMatchObject({ id: v.PHOTO_MESSAGE_ID, sender: { username: 'ada' }, attachments: [{ filename: 'photo.png' }] }) },
};

/** The docs' `curl ... -F "file=@<name>" .../uploads`: uploads a small PNG under that name as ada. */
async function uploadAsAda(line: string): Promise<Vars | null> {
  const m = /^curl .*-F "file=@([^"]+)" \S+\/uploads$/.exec(line.trim());
  if (!m) return null;
  const form = new FormData();
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c0ffee' } }).png().toBuffer();
  form.append('file', new Blob([new Uint8Array(png)]), m[1]);
  const res = await fetch(t.url.replace(/\/graphql$/, '/uploads'), { method: 'POST', body: form, headers: { authorization: `Bearer ${tokens.ada}` } });
  const body = (await res.json()) as { id: string };
  expect({ line, status: res.status, body }).toMatchObject({ status: 201, body: { filename: m[1], contentType: 'image/png', width: 64, height: 48 } });
  return { UPLOAD_ID: body.id };
}

beforeAll(async () => {
  t = await startServer();
  examples = parseDoc(doc);
});
afterAll(async () => {
  await t?.stop();
});

describe('docs/API-EXAMPLES.md', () => {
  it('has a step for every example and an example for every step, with unique names', () => {
    const names = examples.filter((e): e is Example => e.kind !== 'sh').map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(Object.keys(steps).sort());
    for (const area of ['Accounts', 'Rooms', 'Messages', 'Subscriptions', 'Admin and moderation', 'Files, replies and formatting']) expect(doc).toContain(`## ${area}`);
  });

  it('runs every example in order against a fresh server', async () => {
    const vars: Vars = {};
    for (const ex of examples) {
      if (ex.kind === 'sh') {
        for (const line of ex.commands) {
          const uploaded = await uploadAsAda(line);
          if (uploaded) {
            Object.assign(vars, uploaded);
            continue;
          }
          const m = /^npm run admin -- (.+)$/.exec(line.trim());
          if (!m) throw new Error(`unknown command in the docs: ${line}`);
          const out: string[] = [];
          const code = await runAdminCli(m[1].split(/\s+/), loadConfig(t.env), { out: (l) => out.push(l), err: (l) => out.push(l) });
          expect({ line, code, out }).toMatchObject({ code: 0 });
        }
        continue;
      }
      const step = steps[ex.name];
      if (ex.name === 'FindUsers') {
        // "Register a second account, grace, the same way" (and a third, mallory, for the ban examples).
        for (const username of ['grace', 'mallory']) {
          const d = await exec(example('Register'), vars, null, { input: { email: `${username}@example.com`, username, password: 'correct horse battery' } });
          if (username === 'grace') tokens.grace = d.register.accessToken;
          else vars.USER_ID = d.register.user.id;
        }
      }
      if (step.run) await step.run(ex, vars);
      else {
        const data = await exec(ex, vars, step.as);
        Object.assign(vars, step.then?.(data, vars) ?? {});
      }
    }
    const deletions = await t.server.app.orm.em.fork().find(AuditEvent, { action: 'MESSAGE_DELETED_BY_MODERATOR', targetId: vars.MESSAGE_ID });
    expect(deletions).toHaveLength(1);
  });
});
