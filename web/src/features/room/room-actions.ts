import { createContext, useContext } from 'react';
import type { MessageItem_MessageFragment } from '../../gql/graphql';

/** What a message can ask of its room: start a reply to it, or show another message (loading history if needed). */
export interface RoomActions {
  reply(message: MessageItem_MessageFragment): void;
  jumpTo(messageId: string, seq: number): void;
}

export const RoomActionsContext = createContext<RoomActions | null>(null);

export function useRoomActions(): RoomActions | null {
  return useContext(RoomActionsContext);
}
