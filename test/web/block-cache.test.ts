import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { blockCacheLink } from '../../web/src/apollo/block-cache';
import { possibleTypes } from '../../web/src/apollo/possible-types';
import { typePolicies } from '../../web/src/apollo/type-policies';
import { register, startServer, waitFor, type TestServer, type TestUser } from '../harness';

/**
 * The web app's cache keeps who the viewer blocked current whichever screen blocks or unblocks, and whatever that
 * screen's mutation selects (issue #17: messages of blocked people collapse from this list at once). The app's own
 * cache, type policies and link, against the real server over HTTP.
 */
jest.setTimeout(60_000);

let t: TestServer;
let ann: TestUser;
let ben: TestUser;
let cid: TestUser;

/** The web app's modules see @apollo/client's ES module types, this file its CommonJS ones: same classes at run time. */
type Blocked = { blockedUsers: { edges: { node: { id: string } }[] } };
// The same selection as web/src/features/room/blocked.ts's BlockedUserIds (that file needs the app's bundler).
const BLOCKED = gql`
  query BlockedUserIds {
    blockedUsers(first: 100) {
      edges {
        node {
          id
        }
      }
    }
  }
`;

function appClient(u: TestUser) {
  const cache = new InMemoryCache({ typePolicies: typePolicies as never, possibleTypes });
  const http = new HttpLink({ uri: t.url, headers: { authorization: `Bearer ${u.accessToken}` } });
  return new ApolloClient({ link: ApolloLink.from([blockCacheLink(cache as never) as never, http]), cache });
}

const BLOCK = gql`
  mutation BlockOnly($u: ID!) {
    blockUser(userId: $u) {
      id
    }
  }
`;
const UNBLOCK = gql`
  mutation UnblockOnly($u: ID!) {
    unblockUser(userId: $u) {
      id
    }
  }
`;
const PERSON = gql`
  query Person($id: ID!) {
    user(id: $id) {
      id
      blockedByMe
    }
  }
`;

beforeAll(async () => {
  t = await startServer();
  [ann, ben, cid] = [await register(t, 'ann'), await register(t, 'ben'), await register(t, 'cid')];
});

afterAll(async () => {
  await t?.stop();
});

test('blockUser and unblockUser update the blocked list and blockedByMe in the cache, live for a watching query', async () => {
  const client = appClient(ann);
  const seen: string[][] = [];
  const sub = client.watchQuery<Blocked>({ query: BLOCKED }).subscribe((r) => {
    const data = r.data as Blocked | undefined;
    if (data?.blockedUsers) seen.push(data.blockedUsers.edges.map((e) => e.node.id));
  });
  try {
    await waitFor(() => seen.length > 0, 'the first blocked list');
    expect(seen.at(-1)).toEqual([]);
    // Nothing but the id selected, as a screen elsewhere might.
    await client.mutate({ mutation: BLOCK, variables: { u: ben.id } });
    await waitFor(() => seen.at(-1)?.length === 1, 'ben in the list');
    expect(seen.at(-1)).toEqual([ben.id]);
    await client.mutate({ mutation: BLOCK, variables: { u: cid.id } });
    await waitFor(() => seen.at(-1)?.length === 2, 'cid on top of the list');
    expect(seen.at(-1)).toEqual([cid.id, ben.id]);
    expect(client.cache.readFragment({ id: client.cache.identify({ __typename: 'User', id: ben.id }), fragment: gql`fragment B on User { blockedByMe }` })).toEqual({ __typename: 'User', blockedByMe: true });
    await client.mutate({ mutation: UNBLOCK, variables: { u: ben.id } });
    await waitFor(() => seen.at(-1)?.length === 1, 'ben out of the list');
    expect(seen.at(-1)).toEqual([cid.id]);
    expect(client.cache.readFragment({ id: client.cache.identify({ __typename: 'User', id: ben.id }), fragment: gql`fragment B on User { blockedByMe }` })).toEqual({ __typename: 'User', blockedByMe: false });
    // The cache says what the server says.
    const fresh = await client.query<Blocked>({ query: BLOCKED, fetchPolicy: 'network-only' });
    expect(fresh.data?.blockedUsers.edges.map((e) => e.node.id)).toEqual([cid.id]);
    const person = await client.query<{ user: { blockedByMe: boolean } }>({ query: PERSON, variables: { id: ben.id }, fetchPolicy: 'network-only' });
    expect(person.data?.user.blockedByMe).toBe(false);
  } finally {
    sub.unsubscribe();
    client.stop();
  }
});

test('a failed block (blocking oneself) changes nothing in the cache', async () => {
  const client = appClient(ben);
  try {
    await client.query({ query: BLOCKED });
    await expect(client.mutate({ mutation: BLOCK, variables: { u: ben.id } })).rejects.toThrow();
    expect(client.readQuery<Blocked>({ query: BLOCKED })?.blockedUsers.edges).toEqual([]);
  } finally {
    client.stop();
  }
});
