import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import sharp from 'sharp';
import { register, startServer, type TestServer, type TestUser } from './harness.js';
import { getFile, jpegWithLocation, upload } from './upload-helpers.js';

jest.setTimeout(120_000);

const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id attachments { id url thumbnailUrl } } }`;
const DELETE = `mutation($m: ID!) { deleteMessage(messageId: $m) { id attachments { id } } }`;
const GROUP = `mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`;
const DELETE_ROOM = `mutation($r: ID!) { deleteRoom(roomId: $r) }`;
const BUCKET = 'parley-test';

let s3dir: string;
let s3: S3rver;
let endpoint: string;
let port: number;
let a: TestServer;
let b: TestServer;
let alice: TestUser;

/** Both instances share the database and the bucket: a file one stores, the other serves. */
beforeAll(async () => {
  s3dir = mkdtempSync(path.join(os.tmpdir(), 'parley-s3rver-'));
  s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
  const addr = (await s3.run()) as AddressInfo;
  port = addr.port;
  endpoint = `http://127.0.0.1:${port}`;
  const env = { S3_BUCKET: BUCKET, S3_ENDPOINT: endpoint, S3_REGION: 'us-east-1', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_FORCE_PATH_STYLE: 'true' };
  a = await startServer({ env });
  b = await startServer({ env, shareWith: a });
  alice = await register(a, 's3a');
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
  await s3?.close();
  rmSync(s3dir, { recursive: true, force: true });
});

function objectExists(key: string): Promise<boolean> {
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  return client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key })).then(
    () => true,
    (err: { $metadata?: { httpStatusCode?: number } }) => {
      if (err.$metadata?.httpStatusCode === 404) return false;
      throw err;
    },
  );
}

describe('S3 storage', () => {
  it('stores uploads in the bucket, serves them from any instance, and deletes them with their message', async () => {
    const up = await upload(a, alice.accessToken, await jpegWithLocation(80, 60), 'photo.jpg');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ contentType: 'image/jpeg', width: 80, height: 60 });
    const id = up.body.id;
    expect(await objectExists(id)).toBe(true);
    expect(await objectExists(`${id}.thumb.webp`)).toBe(true);

    const room = (await a.gql(GROUP, { i: { name: 's3', memberIds: [] } }, alice.accessToken)).data.createGroupRoom;
    const sent = await a.gql(SEND, { i: { roomId: room.id, body: 'from the bucket', attachmentIds: [id] } }, alice.accessToken);
    expect(sent.errors).toBeUndefined();
    const [att] = sent.data.sendMessage.attachments;
    // Served by the other instance, which never saw the upload.
    const file = await getFile(b, att.url);
    expect(file.status).toBe(200);
    expect(file.bytes.length).toBe(up.body.size);
    expect((await sharp(file.bytes).metadata()).exif).toBeUndefined();
    const thumb = await getFile(b, att.thumbnailUrl);
    expect(thumb.status).toBe(200);
    expect(thumb.type).toBe('image/webp');

    const del = await b.gql(DELETE, { m: sent.data.sendMessage.id }, alice.accessToken);
    expect(del.data.deleteMessage.attachments).toEqual([]);
    expect(await objectExists(id)).toBe(false);
    expect(await objectExists(`${id}.thumb.webp`)).toBe(false);
    expect((await getFile(a, att.url)).status).toBe(404);
  });

  it('deletes the objects of a deleted room, and of a deleted message while the store was down once it is back (the sweep)', async () => {
    const room = (await a.gql(GROUP, { i: { name: 's3 room', memberIds: [] } }, alice.accessToken)).data.createGroupRoom;
    const ids: string[] = [];
    for (const bytes of [await jpegWithLocation(40, 30), Buffer.from('notes')]) ids.push((await upload(a, alice.accessToken, bytes, 'f')).body.id);
    const sent = await a.gql(SEND, { i: { roomId: room.id, body: 'in a room', attachmentIds: ids } }, alice.accessToken);
    expect(sent.errors).toBeUndefined();
    expect(await objectExists(`${ids[0]}.thumb.webp`)).toBe(true);
    expect((await b.gql(DELETE_ROOM, { r: room.id }, alice.accessToken)).data.deleteRoom).toBe(true);
    for (const key of [ids[0], `${ids[0]}.thumb.webp`, ids[1]]) expect(await objectExists(key)).toBe(false);

    // The store goes away: the message is deleted all the same, its objects wait for the sweep.
    const up = (await upload(a, alice.accessToken, await jpegWithLocation(40, 30), 'later.jpg')).body;
    const room2 = (await a.gql(GROUP, { i: { name: 's3 down', memberIds: [] } }, alice.accessToken)).data.createGroupRoom;
    const msg = await a.gql(SEND, { i: { roomId: room2.id, body: 'soon gone', attachmentIds: [up.id] } }, alice.accessToken);
    await s3.close();
    try {
      const logs = a.logs.length;
      const del = await a.gql(DELETE, { m: msg.data.sendMessage.id }, alice.accessToken);
      expect(del.errors).toBeUndefined();
      expect(del.data.deleteMessage.attachments).toEqual([]);
      expect(a.logs.slice(logs).join('')).toContain('the sweep will try again');
    } finally {
      s3 = new S3rver({ port, address: '127.0.0.1', silent: true, directory: s3dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
      await s3.run();
    }
    expect(await objectExists(up.id)).toBe(true);
    expect(await b.server.app.services.uploads.sweep()).toBeGreaterThanOrEqual(1);
    expect(await objectExists(up.id)).toBe(false);
    expect(await objectExists(`${up.id}.thumb.webp`)).toBe(false);
    expect(await a.server.app.orm.em.fork().getConnection().execute('select id from uploads where id = ?', [up.id])).toEqual([]);
  });

  it('answers 503 and records nothing when the bucket is missing', async () => {
    const c = await startServer({ env: { S3_BUCKET: 'no-such-bucket', S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_FORCE_PATH_STYLE: 'true' } });
    try {
      const u = await register(c, 's3c');
      const r = await upload(c, u.accessToken, Buffer.from('hello'), 'a.txt');
      expect(r.status).toBe(503);
      expect(r.body.errors[0].extensions.code).toBe('STORAGE_UNAVAILABLE');
      const count = await c.server.app.orm.em.fork().getConnection().execute('select count(*) as n from uploads');
      expect(Number(count[0].n)).toBe(0);
    } finally {
      await c.stop();
    }
  });
});
