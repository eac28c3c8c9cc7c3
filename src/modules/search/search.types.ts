import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../../common/connection.js';
import { Message } from '../messages/message.entity.js';

export enum SearchOrder {
  RELEVANCE = 'RELEVANCE',
  NEWEST = 'NEWEST',
}

registerEnumType(SearchOrder, {
  name: 'SearchOrder',
  description: 'How search results are ordered.',
  valuesConfig: {
    RELEVANCE: { description: 'Best matches first (how often and how closely the words occur), then newest.' },
    NEWEST: { description: 'Newest messages first.' },
  },
});

@ObjectType({ description: 'A part of a text, as offsets in UTF-16 code units (JavaScript string indexes): text.slice(start, end).' })
export class TextRange {
  @Field(() => Int, { description: 'Offset of the first character.' })
  start!: number;

  @Field(() => Int, { description: 'Offset just past the last character.' })
  end!: number;
}

@ObjectType({ description: 'One message that matched a search, with the parts of its body that matched.' })
export class MessageSearchEdge {
  @Field(() => String, { description: 'Opaque cursor of this result; pass it as `after` to continue from here.' })
  cursor!: string;

  @Field(() => Message, { description: 'The message.' })
  node!: Message;

  @Field(() => Message, { description: 'The message (the same as node).' })
  message!: Message;

  @Field(() => [TextRange], { description: "The matched words and phrases in the message's body, in order, for the client to mark (no HTML from the server)." })
  highlights!: TextRange[];
}

@ObjectType({ description: 'A page of search results (Relay connection).' })
export class MessageSearchConnection {
  @Field(() => [MessageSearchEdge], { description: 'The results on this page, in the requested order.' })
  edges!: MessageSearchEdge[];

  @Field(() => PageInfo, { description: 'Whether more results exist, and the cursor to fetch them.' })
  pageInfo!: PageInfo;

  /** Set by the service. */
  totalCountFn!: () => Promise<number>;

  @Field(() => Int, { description: 'How many messages match in all (counted only when asked for).' })
  totalCount(): Promise<number> {
    return this.totalCountFn();
  }
}
