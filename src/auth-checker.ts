import type { AuthCheckerInterface, ResolverData } from 'type-graphql';
import type { Context } from './context.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';

/** Coarse checks for @Authorized(): signed in, and holding one of the listed global roles. */
export class AuthChecker implements AuthCheckerInterface<Context> {
  check({ context }: ResolverData<Context>, roles: string[]): boolean {
    if (!context.viewer) throw new UnauthenticatedError(context.authError);
    if (roles.length && !roles.includes(context.viewer.role)) {
      throw new ForbiddenError(`This needs the ${roles.join(' or ')} role.`);
    }
    return true;
  }
}

export function requireViewer(ctx: Context) {
  if (!ctx.viewer) throw new UnauthenticatedError(ctx.authError);
  return ctx.viewer;
}
