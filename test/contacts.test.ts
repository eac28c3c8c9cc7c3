import { NOT_POSSIBLE } from '../src/modules/reach/reach.service.js';
import { register, startServer, type TestServer } from './harness.js';
import { audits, ok, P, refused } from './people-helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});

const Q = {
  send: `mutation($u: ID!) { sendContactRequest(userId: $u) { id status from { id } to { id } } }`,
  accept: `mutation($id: ID!) { acceptContactRequest(id: $id) { id status } }`,
  decline: `mutation($id: ID!) { declineContactRequest(id: $id) { id status } }`,
  remove: `mutation($u: ID!) { removeContact(userId: $u) }`,
  contacts: `query { contacts(first: 20) { totalCount edges { node { id } } } }`,
  requests: `query { contactRequests(first: 20) { totalCount edges { node { id status from { id } to { id } } } } }`,
  status: `query($id: ID!) { user(id: $id) { contactStatus whoCanMessageMe } }`,
  me: `query { me { id whoCanMessageMe contactStatus } }`,
  privacy: `mutation($w: WhoCanMessageMe!) { updateProfile(input: { whoCanMessageMe: $w }) { id whoCanMessageMe } }`,
  block: `mutation($u: ID!) { blockUser(userId: $u) { id } }`,
};
const notPossible = new RegExp(`^${NOT_POSSIBLE.replace('.', '\\.')}$`);
const contactIds = async (u: any) => (await ok(t, Q.contacts, {}, u)).contacts.edges.map((e: any) => e.node.id);

describe('contacts', () => {
  it('need both people to agree, and either may end them', async () => {
    const [a, b, c] = await Promise.all([register(t, 'a'), register(t, 'b'), register(t, 'c')]);
    refused(await t.gql(Q.send, { u: b.id }), 'UNAUTHENTICATED');
    refused(await t.gql(Q.contacts, {}), 'UNAUTHENTICATED');
    refused(await t.gql(Q.send, { u: a.id }, a.accessToken), 'BAD_USER_INPUT');
    refused(await t.gql(Q.send, { u: '00000000-0000-4000-8000-000000000000' }, a.accessToken), 'NOT_FOUND');
    const req = (await ok(t, Q.send, { u: b.id }, a)).sendContactRequest;
    expect(req).toMatchObject({ status: 'PENDING', from: { id: a.id }, to: { id: b.id } });
    expect((await ok(t, Q.send, { u: b.id }, a)).sendContactRequest.id).toBe(req.id); // pending: the same one
    expect((await ok(t, Q.status, { id: b.id }, a)).user).toEqual({ contactStatus: 'REQUEST_SENT', whoCanMessageMe: null });
    expect((await ok(t, Q.status, { id: a.id }, b)).user.contactStatus).toBe('REQUEST_RECEIVED');
    expect((await ok(t, Q.requests, {}, b)).contactRequests.edges.map((e: any) => e.node.id)).toEqual([req.id]);
    expect((await ok(t, Q.requests, {}, a)).contactRequests.totalCount).toBe(1);
    expect((await ok(t, Q.requests, {}, c)).contactRequests.totalCount).toBe(0);
    // Only the recipient answers; others see no such request.
    refused(await t.gql(Q.accept, { id: req.id }, a.accessToken), 'NOT_FOUND');
    refused(await t.gql(Q.accept, { id: req.id }, c.accessToken), 'NOT_FOUND');
    refused(await t.gql(Q.accept, { id: req.id }), 'UNAUTHENTICATED');
    expect((await ok(t, Q.accept, { id: req.id }, b)).acceptContactRequest.status).toBe('ACCEPTED');
    refused(await t.gql(Q.accept, { id: req.id }, b.accessToken), 'CONFLICT');
    expect(await contactIds(a)).toEqual([b.id]);
    expect(await contactIds(b)).toEqual([a.id]);
    expect(await contactIds(c)).toEqual([]);
    refused(await t.gql(Q.send, { u: a.id }, b.accessToken), 'CONFLICT');
    expect((await ok(t, Q.status, { id: b.id }, a)).user.contactStatus).toBe('CONTACT');
    // Either side ends it for both.
    expect((await ok(t, Q.remove, { u: a.id }, b)).removeContact).toBe(true);
    expect(await contactIds(a)).toEqual([]);
    refused(await t.gql(Q.remove, { u: a.id }, b.accessToken), 'NOT_FOUND');
    const trail = (await audits(t, { actor: { $in: [a.id, b.id] }, action: { $like: 'CONTACT_%' } })).map((e) => e.action);
    expect(trail).toEqual(['CONTACT_REQUEST_SENT', 'CONTACT_REQUEST_ACCEPTED', 'CONTACT_REMOVED']);
  });

  it('a request back accepts the pending one; declined requests stay declined; blocks end contacts', async () => {
    const [a, b, c] = await Promise.all([register(t, 'a'), register(t, 'b'), register(t, 'c')]);
    const req = (await ok(t, Q.send, { u: b.id }, a)).sendContactRequest;
    expect((await ok(t, Q.send, { u: a.id }, b)).sendContactRequest).toMatchObject({ id: req.id, status: 'ACCEPTED' });
    expect(await contactIds(a)).toEqual([b.id]);
    const req2 = (await ok(t, Q.send, { u: c.id }, a)).sendContactRequest;
    expect((await ok(t, Q.decline, { id: req2.id }, c)).declineContactRequest.status).toBe('DECLINED');
    refused(await t.gql(Q.accept, { id: req2.id }, c.accessToken), 'CONFLICT');
    expect(await contactIds(c)).toEqual([]);
    // Blocking ends the contact, and the blocked person may not ask again (told only that it is not possible).
    await ok(t, Q.block, { u: a.id }, b);
    expect(await contactIds(a)).toEqual([]);
    refused(await t.gql(Q.send, { u: b.id }, a.accessToken), 'FORBIDDEN', notPossible);
    refused(await t.gql(Q.send, { u: a.id }, b.accessToken), 'FORBIDDEN', /You blocked/);
  });

  it('whoCanMessageMe CONTACTS lets only contacts open a direct room, and is seen only by its owner', async () => {
    const [a, friend, stranger] = await Promise.all([register(t, 'a'), register(t, 'friend'), register(t, 'stranger')]);
    const req = (await ok(t, Q.send, { u: a.id }, friend)).sendContactRequest;
    await ok(t, Q.accept, { id: req.id }, a);
    refused(await t.gql(`mutation { updateProfile(input: { whoCanMessageMe: NOBODY }) { id } }`, {}, a.accessToken), 'GRAPHQL_VALIDATION_FAILED');
    expect((await ok(t, Q.privacy, { w: 'CONTACTS' }, a)).updateProfile.whoCanMessageMe).toBe('CONTACTS');
    expect((await ok(t, Q.me, {}, a)).me).toMatchObject({ whoCanMessageMe: 'CONTACTS', contactStatus: 'NONE' });
    expect((await ok(t, Q.status, { id: a.id }, stranger)).user.whoCanMessageMe).toBeNull();
    refused(await t.gql(P.direct, { u: a.id }, stranger.accessToken), 'FORBIDDEN', notPossible);
    await ok(t, P.direct, { u: a.id }, friend);
    // a may still open one with the stranger: the setting guards a, not others.
    await ok(t, P.direct, { u: stranger.id }, a);
    await ok(t, Q.privacy, { w: 'EVERYONE' }, a);
    const other = await register(t, 'other');
    await ok(t, P.direct, { u: a.id }, other);
    const changes = await audits(t, { actor: a.id, action: 'PROFILE_UPDATED' });
    expect(changes.map((e) => e.metadata)).toEqual([{ changed: ['whoCanMessageMe'] }, { changed: ['whoCanMessageMe'] }]);
  });
});
