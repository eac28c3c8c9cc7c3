// The web app's own GraphQL documents, read from web/src at run time (never a copy): the documents codegen compiled
// from web/src (web/src/gql/graphql.ts; e.g. RoomEvents from web/src/features/room/fragments.ts with
// MessageItem_message spread in), i.e. what the web app's Apollo client sends, plus the __typename fields Apollo
// adds to every selection set.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, visit } from 'graphql';
import { ROOT } from './common.mjs';

let source;

/** The web app's document `<name>Document` (e.g. 'RoomEvents', 'SendMessage', 'SearchMessages') as Apollo sends it. */
export function webDocument(name) {
  const file = path.join(ROOT, 'web/src/gql/graphql.ts');
  source ??= readFileSync(file, 'utf8');
  const match = new RegExp(`export const ${name}Document = (\\{.*\\}) as unknown as DocumentNode`).exec(source);
  if (!match) throw new Error(`${name}Document not found in ${file} (run npm run codegen)`);
  const document = JSON.parse(match[1]);
  // Apollo's addTypename: every selection set also asks for __typename.
  const withTypename = visit(document, {
    SelectionSet(node, _key, parent) {
      if (parent && parent.kind === Kind.OPERATION_DEFINITION) return undefined;
      if (node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '__typename')) return undefined;
      return { ...node, selections: [...node.selections, { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }] };
    },
  });
  return print(parse(print(withTypename)));
}

/** The web app's RoomEvents subscription (web/src/features/room/fragments.ts). */
export const webRoomEventsDocument = () => webDocument('RoomEvents');

/** The web app's ViewerEvents subscription (web/src/features/rooms/RoomList.tsx), which its room list holds. */
export const webViewerEventsDocument = () => webDocument('ViewerEvents');
