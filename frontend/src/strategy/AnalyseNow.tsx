/** When the opinion groups were analysed, and "Analyse now": it asks the worker for them
 * again, then follows the job (queued, running, done or failed) until it finishes; the views
 * refetch when `OpinionsUpdated` arrives, and once more when the job is seen done. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useEffect, useRef, useState } from "react";
import { Button } from "react-aria-components";
import { useMutation, useQuery } from "urql";

import { requestErrorMessage, userErrorMessage } from "../app/errors";
import { formatDateTime, formatRelative } from "../app/format";
import type { JobStatus } from "../gql/graphql";
import { StrategyAnalyseOpinionsDocument, StrategyJobDocument } from "./documents";
import { useLive } from "./live";
import type { StrategyJam } from "./StrategyPage";

/** How often a waiting or running job is asked after (the live stream says when it is done;
 * this shows it start). */
const POLL_MS = 1500;

/** When the analysis ran, and "Analyse now". */
export function AnalysisHeader({ jam, analysis, onDone }: { jam: StrategyJam; analysis: { createdAt: string } | null; onDone(): void }) {
  const { i18n } = useLingui();
  const when = analysis ? formatRelative(i18n.locale, analysis.createdAt) : "";
  const exact = analysis ? formatDateTime(i18n.locale, analysis.createdAt) : "";
  return (
    <div className="strategy-analysis-head">
      {analysis ? (
        <p className="muted strategy-analysed">
          <Trans>
            Analysed <time dateTime={analysis.createdAt} title={exact}>{when}</time>.
          </Trans>
        </p>
      ) : null}
      <AnalyseNow jam={jam} onDone={onDone} />
    </div>
  );
}

export function AnalyseNow({ jam, onDone }: { jam: StrategyJam; onDone(): void }) {
  const { t, i18n } = useLingui();
  const { jobId, setJobId } = useLive();
  const [{ fetching }, analyse] = useMutation(StrategyAnalyseOpinionsDocument);
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState<JobStatus | null>(null);
  const busy = fetching || status === "QUEUED" || status === "RUNNING";
  return (
    <div className="strategy-analyse">
      <Button
        className="button button-primary"
        isDisabled={busy}
        onPress={async () => {
          setProblem(null);
          const result = await analyse({ input: { jamId: jam.id } });
          const payload = result.data?.analyseOpinions;
          if (result.error) setProblem(requestErrorMessage(i18n, result.error));
          else if (payload?.errors.length) setProblem(payload.errors.map((error) => userErrorMessage(i18n, error)).join(" "));
          else if (payload?.job) setJobId(payload.job.id);
        }}
      >
        {busy ? t`Analysing…` : t`Analyse now`}
      </Button>
      <div role="status" className="strategy-job-status">
        {jobId ? <JobProgress id={jobId} onStatus={setStatus} onDone={onDone} /> : null}
      </div>
      {problem ? (
        <p role="alert" className="banner banner-error">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

const STEPS: JobStatus[] = ["QUEUED", "RUNNING", "DONE"];

function JobProgress({ id, onStatus, onDone }: { id: string; onStatus(status: JobStatus | null): void; onDone(): void }) {
  const { t } = useLingui();
  const [{ data }, reexecute] = useQuery({ query: StrategyJobDocument, variables: { id }, requestPolicy: "network-only" });
  const status = data?.job?.status ?? null;
  useEffect(() => onStatus(status), [status, onStatus]);
  useEffect(() => {
    if (status !== "QUEUED" && status !== "RUNNING") return;
    const timer = window.setTimeout(() => reexecute({ requestPolicy: "network-only" }), POLL_MS);
    return () => window.clearTimeout(timer);
  }, [status, data, reexecute]);
  // Refetch the analysis once the job is seen finished (in case its live event came first).
  const reported = useRef<string | null>(null);
  useEffect(() => {
    if (status === "DONE" && reported.current !== id) {
      reported.current = id;
      onDone();
    }
  }, [status, id, onDone]);
  if (status === null) return <p className="muted">{t`Asking the worker…`}</p>;
  if (status === "FAILED") {
    return (
      <p className="strategy-job strategy-job-failed">
        <Trans>The analysis failed. Try again in a moment; if it fails again, the server's log says why.</Trans>
      </p>
    );
  }
  const labels: Record<JobStatus, string> = {
    QUEUED: t`Waiting for the worker`,
    RUNNING: t`Analysing the votes`,
    DONE: t`Done: the opinion groups are up to date`,
    FAILED: "",
  };
  const reached = STEPS.indexOf(status);
  return (
    <ol className="strategy-job" aria-label={t`Analysis progress`}>
      {STEPS.map((step, index) => (
        <li
          key={step}
          className={index < reached ? "strategy-job-step-done" : index === reached ? "strategy-job-step-current" : undefined}
          aria-current={index === reached ? "step" : undefined}
        >
          {labels[step]}
        </li>
      ))}
    </ol>
  );
}
