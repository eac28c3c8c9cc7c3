import { useMutation, useQuery } from '@apollo/client/react';
import { useDeferredValue, useId, useState, type FormEvent } from 'react';
import { Avatar } from '../../components/Avatar';
import { Dialog } from '../../components/Dialog';
import { Field, FormError } from '../../components/Field';
import { graphql } from '../../gql';
import { errorMessage, toFieldErrors, useFieldErrors } from '../../lib/errors';
import { navigate } from '../../lib/router';
import { RoomListQuery } from './RoomList';

const PublicRoomsQuery = graphql(`
  query PublicRooms($search: String) {
    publicRooms(search: $search, first: 50) {
      edges {
        node {
          id
          name
          description
          memberCount
          myRole
          kind
          joinState
        }
      }
    }
  }
`);

const RequestToJoinMutation = graphql(`
  mutation RequestToJoin($roomId: ID!) {
    requestToJoin(roomId: $roomId) {
      id
      status
      room {
        id
        joinState
      }
    }
  }
`);

const JoinRoomMutation = graphql(`
  mutation JoinRoom($roomId: ID!, $password: String) {
    joinRoom(roomId: $roomId, password: $password) {
      id
      myRole
      ...RoomListItem_room
    }
  }
`);

const CreatePublicRoomMutation = graphql(`
  mutation CreatePublicRoom($input: CreatePublicRoomInput!) {
    createPublicRoom(input: $input) {
      id
      myRole
      ...RoomListItem_room
    }
  }
`);

const go = (id: string) => navigate(`/rooms/${encodeURIComponent(id)}`);

export function BrowseRoomsDialog({ onClose }: { onClose: () => void }) {
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search.trim());
  const searchId = useId();
  const { data, loading } = useQuery(PublicRoomsQuery, { variables: { search: deferred || undefined }, fetchPolicy: 'cache-and-network' });
  const [join] = useMutation(JoinRoomMutation, { refetchQueries: [RoomListQuery] });
  const [create, { loading: creating }] = useMutation(CreatePublicRoomMutation, { refetchQueries: [RoomListQuery] });
  const [request] = useMutation(RequestToJoinMutation);
  const [error, setError] = useState<string>();
  const [passwordFor, setPasswordFor] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string>();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors, clear] = useFieldErrors();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setErrors({ fields: { name: 'Give the room a name.' } });
    try {
      const { data: d } = await create({ variables: { input: { name: name.trim(), description: description.trim() || undefined } } });
      if (d) {
        onClose();
        go(d.createPublicRoom.id);
      }
    } catch (err) {
      setErrors(toFieldErrors(err));
    }
  }

  const rooms = data?.publicRooms.edges.map((e) => e.node) ?? [];
  return (
    <Dialog title="Public rooms" onClose={onClose} wide>
      <div className="field">
        <label htmlFor={searchId}>Search public rooms</label>
        <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} autoFocus autoComplete="off" />
      </div>
      <ul className="pick-list" aria-label="Public rooms" aria-busy={loading}>
        {rooms.map((r) => (
          <li key={r.id} className="public-room">
            <Avatar label="#" size={32} />
            <span className="pick__names">
              <strong>{r.name}</strong>
              <span>
                {r.memberCount} member{r.memberCount === 1 ? '' : 's'}
                {r.description ? ` · ${r.description}` : ''}
              </span>
            </span>
            {r.myRole ? (
              <button type="button" className="btn" onClick={() => (onClose(), go(r.id))}>
                Open
              </button>
            ) : r.joinState === 'REQUEST' || r.joinState === 'REQUESTED' ? (
              <button
                type="button"
                className="btn btn--primary"
                disabled={r.joinState === 'REQUESTED'}
                aria-label={r.joinState === 'REQUESTED' ? `Asked to join ${r.name}` : `Ask to join ${r.name}`}
                onClick={() => void request({ variables: { roomId: r.id } }).then(() => setError(undefined), (err) => setError(errorMessage(err)))}
              >
                {r.joinState === 'REQUESTED' ? 'Asked' : 'Ask to join'}
              </button>
            ) : r.joinState === 'BANNED' || r.joinState === 'INVITED' ? (
              <span className="muted">{r.joinState === 'BANNED' ? 'Banned' : 'Invited: see your notifications'}</span>
            ) : (
              <button
                type="button"
                className="btn btn--primary"
                aria-label={`Join ${r.name}`}
                aria-expanded={r.joinState === 'PASSWORD' ? passwordFor === r.id : undefined}
                onClick={async () => {
                  if (r.joinState === 'PASSWORD' && passwordFor !== r.id) return (setPasswordFor(r.id), setPassword(''), setPasswordError(undefined));
                  try {
                    await join({ variables: { roomId: r.id } });
                    onClose();
                    go(r.id);
                  } catch (err) {
                    setError(errorMessage(err));
                  }
                }}
              >
                Join
              </button>
            )}
            {passwordFor === r.id && (
              <form
                className="public-room__password"
                noValidate
                onSubmit={async (e) => {
                  e.preventDefault();
                  try {
                    await join({ variables: { roomId: r.id, password } });
                    onClose();
                    go(r.id);
                  } catch (err) {
                    setPasswordError(toFieldErrors(err).fields.password ?? errorMessage(err));
                  }
                }}
              >
                <Field label={`Password for ${r.name}`} type="password" autoFocus value={password} onChange={(e) => (setPassword(e.target.value), setPasswordError(undefined))} error={passwordError} />
                <button type="submit" className="btn btn--primary btn--small">
                  Join with password
                </button>
              </form>
            )}
          </li>
        ))}
        {data && rooms.length === 0 && <li className="muted pad">No public rooms{deferred ? ' match' : ' yet'}.</li>}
      </ul>
      <FormError message={error} />
      <form onSubmit={submit} noValidate className="create-public">
        <h3>Create a public room</h3>
        <div className="row">
          <Field label="Name" name="name" value={name} onChange={(e) => (setName(e.target.value), clear('name'))} error={errors.fields.name} maxLength={80} />
          <Field label="Description (optional)" name="description" value={description} onChange={(e) => (setDescription(e.target.value), clear('description'))} error={errors.fields.description} maxLength={500} />
        </div>
        <FormError message={errors.form} />
        <button type="submit" className="btn btn--primary" disabled={creating}>
          Create room
        </button>
      </form>
    </Dialog>
  );
}
