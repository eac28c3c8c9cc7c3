import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/Field';
import { graphql } from '../../gql';
import { errorMessage } from '../../lib/errors';
import { nameOf } from '../../lib/format';
import { UserSearch } from '../rooms/UserSearch';
import { RoomMembersQuery } from './fragments';

const AddMembersMutation = graphql(`
  mutation AddMembers($roomId: ID!, $userIds: [ID!]!) {
    addMembers(roomId: $roomId, userIds: $userIds) {
      id
      memberCount
    }
  }
`);

/** For a group's owner and admins: add people to it (they see it in their sidebars at once). */
export function AddMembersDialog({ roomId, viewerId, memberIds, onClose }: { roomId: string; viewerId: string; memberIds: Set<string>; onClose: () => void }) {
  const [add] = useMutation(AddMembersMutation, { refetchQueries: [{ query: RoomMembersQuery, variables: { id: roomId } }] });
  const [error, setError] = useState<string>();
  const [added, setAdded] = useState<string[]>([]);
  return (
    <Dialog title="Add people" onClose={onClose}>
      <UserSearch
        viewerId={viewerId}
        action="Add"
        autoFocus
        selectedIds={memberIds}
        onPick={async (u) => {
          if (memberIds.has(u.id)) return;
          try {
            await add({ variables: { roomId, userIds: [u.id] } });
            setAdded((a) => [...a, nameOf(u)]);
            setError(undefined);
          } catch (err) {
            setError(errorMessage(err));
          }
        }}
      />
      {added.length > 0 && (
        <p className="notice" role="status">
          Added {added.join(', ')}.
        </p>
      )}
      <FormError message={error} />
      <div className="dialog__actions">
        <button type="button" className="btn btn--primary" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
