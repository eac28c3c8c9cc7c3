import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/Field';
import { graphql } from '../../gql';
import { errorMessage } from '../../lib/errors';
import { navigate } from '../../lib/router';
import { RoomListQuery } from './RoomList';
import { UserSearch } from './UserSearch';

const CreateDirectRoomMutation = graphql(`
  mutation CreateDirectRoom($userId: ID!) {
    createDirectRoom(userId: $userId) {
      ...RoomListItem_room
    }
  }
`);

export function NewDirectDialog({ viewerId, onClose }: { viewerId: string; onClose: () => void }) {
  const [create, { loading }] = useMutation(CreateDirectRoomMutation, { refetchQueries: [RoomListQuery] });
  const [error, setError] = useState<string>();
  return (
    <Dialog title="Start a direct chat" onClose={onClose}>
      <UserSearch
        viewerId={viewerId}
        action="Chat with"
        autoFocus
        onPick={async (u) => {
          if (loading) return;
          try {
            const { data } = await create({ variables: { userId: u.id } });
            if (data) {
              onClose();
              navigate(`/rooms/${encodeURIComponent(data.createDirectRoom.id)}`);
            }
          } catch (err) {
            setError(errorMessage(err));
          }
        }}
      />
      <FormError message={error} />
    </Dialog>
  );
}
