import { registerEnumType } from 'type-graphql';

/** Who may open a direct room with a user (their privacy setting). */
export enum WhoCanMessageMe {
  EVERYONE = 'EVERYONE',
  CONTACTS = 'CONTACTS',
}

registerEnumType(WhoCanMessageMe, {
  name: 'WhoCanMessageMe',
  description: 'Who may open a direct room with the user.',
  valuesConfig: {
    EVERYONE: { description: 'Anyone signed in (except people the user blocked).' },
    CONTACTS: { description: 'Only the user\'s contacts.' },
  },
});
