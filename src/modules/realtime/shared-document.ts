import { createHash } from 'node:crypto';
import {
  defaultFieldResolver,
  getNamedType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { VIEWER_SCOPE_KEY as KEY, VIEWER_TEST_KEY as TEST_KEY, VIEWER_VALUE_KEY, type ViewerScope, type ViewerTest, type ViewerValue } from '../../common/viewer-scope.js';
import type { Context } from '../../context.js';

function scopeOf(type: GraphQLObjectType | { getFields(): Record<string, GraphQLField<unknown, unknown>> }, field: string): ViewerScope | undefined {
  return type.getFields()[field]?.extensions?.[KEY] as ViewerScope | undefined;
}

/** The scope of a field as selected on `parent`, or on one of its interfaces (RoomEvent.seq selected on MessageAdded). */
function fieldScope(parent: ReturnType<TypeInfo['getParentType']>, field: string): ViewerScope | undefined {
  if (!parent || (!isObjectType(parent) && !isInterfaceType(parent))) return undefined;
  const own = scopeOf(parent, field);
  if (own) return own;
  for (const i of parent.getInterfaces()) {
    const inherited = scopeOf(i, field);
    if (inherited) return inherited;
  }
  return undefined;
}

export interface DocumentView {
  hash: string;
  /** The subscription root field it selects (a key of SHARED_ROOTS). */
  root: string;
  /** 'all': shared by every subscriber of the room; 'viewer': only by one viewer's own subscriptions. */
  sharing: 'all' | 'viewer';
  /** Variables that only say where a subscriber resumes (roomEvents' afterSeq): not part of the sharing key. */
  resumeVariables: ReadonlySet<string>;
}

/**
 * The subscription root fields whose events are shared, and their resume argument: roomEvents' events, and
 * viewerEvents' RoomActivity batches (one room's activity sent to each of its online members, each with their own
 * counts: shared-execution.ts). viewerEvents does not resume.
 */
const SHARED_ROOTS: Record<string, string | null> = { roomEvents: 'afterSeq', viewerEvents: null };

/** What a subscription document needs to be shared: its hash, how widely, and which variables do not matter. */
export class DocumentAnalyzer {
  private readonly views = new WeakMap<DocumentNode, DocumentView | null>();

  constructor(private readonly schema: GraphQLSchema) {}

  /** Null for documents that are not shared (not a subscription to one of SHARED_ROOTS). */
  analyze(document: DocumentNode): DocumentView | null {
    if (this.views.has(document)) return this.views.get(document)!;
    const state: { sharing: DocumentView['sharing']; root: string | null } = { sharing: 'all', root: null };
    const resume = new Set<string>();
    const used = new Set<string>();
    const typeInfo = new TypeInfo(this.schema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        VariableDefinition: () => false,
        FragmentDefinition: () => undefined,
        Argument(node) {
          const field = typeInfo.getParentType()?.name === 'Subscription' ? state.root : null;
          if (field && SHARED_ROOTS[field] === node.name.value && node.value.kind === 'Variable') {
            resume.add(node.value.name.value);
            return false;
          }
          return undefined;
        },
        Variable(node) {
          used.add(node.name.value);
        },
        Field(node) {
          const parent = typeInfo.getParentType();
          const name = node.name.value;
          if (!parent || name === '__typename') return;
          if (parent.name === 'Subscription') {
            state.root = state.root === null && name in SHARED_ROOTS ? name : '';
            return;
          }
          const scope = fieldScope(parent, name);
          const leaf = isLeafType(getNamedType(typeInfo.getType()));
          if (scope === 'independent' || scope === 'shown-to' || (scope === 'per-viewer' && leaf)) return;
          state.sharing = 'viewer';
        },
      }),
    );
    for (const v of used) resume.delete(v);
    const view: DocumentView | null = state.root
      ? { hash: createHash('sha1').update(print(document)).digest('base64url'), root: state.root, sharing: state.sharing, resumeVariables: resume }
      : null;
    this.views.set(document, view);
    return view;
  }
}

/**
 * One occurrence of a viewer-dependent field in a shared result, and how each subscriber gets its own value there:
 * a `@PerViewer` leaf is resolved again (`resolve`); a `@ShownTo` field keeps the shared value for viewers its `test`
 * accepts and is `empty` for the others.
 */
export type OverlayRecord = {
  path: ReadonlyArray<string | number>;
  source: unknown;
  args: Record<string, unknown>;
  info: GraphQLResolveInfo;
} & ({ kind: 'leaf'; resolve: GraphQLFieldResolver<unknown, unknown>; byViewer?: ViewerValue<unknown> } | { kind: 'shown-to'; test: ViewerTest; empty: null | [] });

/** The records of the shared execution running with a given context. */
const recorders = new WeakMap<object, OverlayRecord[]>();

/**
 * Makes the viewer-dependent fields of an execution with `ctx` record where they occur, into `records`; in it,
 * `@ShownTo` fields resolve for whoever passes their test (each subscriber's own test is applied by the overlay).
 */
export function recordOverlays(ctx: object, records: OverlayRecord[]): void {
  recorders.set(ctx, records);
}

function pathOf(info: GraphQLResolveInfo): Array<string | number> {
  const path: Array<string | number> = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) path.unshift(p.key);
  return path;
}

/** What a `@ShownTo` field is for a viewer its test refuses: an empty list, or null. */
function emptyValue(type: GraphQLOutputType, where: string): null | [] {
  if (isListType(isNonNullType(type) ? type.ofType : type)) return [];
  if (isNonNullType(type)) throw new Error(`${where} is @ShownTo, so it must be nullable or a list`);
  return null;
}

const wrapped = new WeakSet<GraphQLSchema>();

/**
 * Wraps the resolver of every viewer-dependent field once per schema (src/schema.ts, so HTTP and graphql-ws alike):
 * - `@ShownTo(test)`: a viewer the test refuses gets the empty value, without the resolver running;
 * - while a shared execution runs (its context has a recorder), each occurrence of a `@PerViewer` or `@ShownTo` field
 *   is recorded with its parent object, and a `@ShownTo` field resolves whoever the executing subscriber is.
 * Outside shared executions a `@PerViewer` wrapper only forwards.
 */
export function installViewerGates(schema: GraphQLSchema) {
  if (wrapped.has(schema)) return;
  wrapped.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const scope = field.extensions?.[KEY] as ViewerScope | undefined;
      const resolve = field.resolve ?? defaultFieldResolver;
      if (scope === 'per-viewer') {
        const byViewer = field.extensions[VIEWER_VALUE_KEY] as ViewerValue<unknown> | undefined;
        field.resolve = (source, args, ctx, info) => {
          recorders.get(ctx as object)?.push({ kind: 'leaf', path: pathOf(info), source, args, info, resolve, byViewer });
          return resolve(source, args, ctx, info);
        };
      } else if (scope === 'shown-to') {
        const test = field.extensions[TEST_KEY] as ViewerTest;
        const empty = emptyValue(field.type, `${type.name}.${field.name}`);
        field.resolve = (source, args, ctx, info) => {
          const records = recorders.get(ctx as object);
          if (records) records.push({ kind: 'shown-to', path: pathOf(info), source, args, info, test, empty });
          else if (!test((ctx as Context).viewer)) return empty;
          return resolve(source, args, ctx, info);
        };
      }
    }
  }
}
