/** How the viewer may take part on the idea page, for the controls deep in the thread: whether
 * they can act (the jam is live and they are not muted), whether they moderate, and what to do
 * when a mutation says they were muted meanwhile (fetch the mute, so the page says so). */
import { createContext, useContext } from "react";

export interface Participation {
  viewerId: string | undefined;
  /** Live and not muted. */
  canAct: boolean;
  muted: boolean;
  moderator: boolean;
  /** A mutation answered MUTED: the mute started while the page was open. */
  reportMuted(): void;
}

export const ParticipationContext = createContext<Participation>({
  viewerId: undefined,
  canAct: false,
  muted: false,
  moderator: false,
  reportMuted() {},
});

export function useParticipation(): Participation {
  return useContext(ParticipationContext);
}

/** Whether any of `errors` says the viewer is muted. */
export function saysMuted(errors: readonly { code: string }[] | undefined): boolean {
  return (errors ?? []).some((error) => error.code === "MUTED");
}
