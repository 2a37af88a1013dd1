/** The export tab: the jam's themes as a file (JSON, a zip of CSV tables, an Excel workbook or
 * a printable HTML report), with ideas, support by opinion group and population, connectors
 * and teams. A button asks the API for a link (valid for 10 minutes) and downloads it. */
import type { I18n } from "@lingui/core";
import { msg } from "@lingui/core/macro";
import { Trans, useLingui } from "@lingui/react/macro";
import { useState } from "react";
import { Button } from "react-aria-components";
import { useMutation } from "urql";

import { requestErrorMessage, userErrorMessage, type UserErrorLike } from "../app/errors";
import { formatDateTime } from "../app/format";
import { useSession } from "../app/session";
import type { ExportFormat, ExportPrivacy } from "../gql/graphql";
import { StrategyPrepareExportDocument } from "./documents";
import type { StrategyJam } from "./StrategyPage";

const FORMATS: readonly ExportFormat[] = ["XLSX", "CSV", "JSON", "HTML"];

function formatName(i18n: I18n, format: ExportFormat): string {
  switch (format) {
    case "XLSX":
      return i18n._(msg`Excel workbook`);
    case "CSV":
      return i18n._(msg`CSV tables (zip)`);
    case "JSON":
      return i18n._(msg`JSON data`);
    case "HTML":
      return i18n._(msg`Printable report`);
  }
}

function formatDescription(i18n: I18n, format: ExportFormat): string {
  switch (format) {
    case "XLSX":
      return i18n._(msg`A summary sheet and one sheet per theme.`);
    case "CSV":
      return i18n._(msg`One table per kind of record, for spreadsheets and scripts.`);
    case "JSON":
      return i18n._(msg`Everything in one file, described by a published JSON Schema.`);
    case "HTML":
      return i18n._(msg`One self-contained page to read, share or print.`);
  }
}

/** A refusal in words, with the field it is about. */
export function exportErrorMessage(i18n: I18n, error: UserErrorLike): string {
  if (error.code === "NOT_FOUND" && !error.field) return i18n._(msg`This jam has no themes yet: there is nothing to export.`);
  const message = userErrorMessage(i18n, error);
  if (error.field === "jamId") return i18n._(msg`Jam: ${message}`);
  if (error.field === "format") return i18n._(msg`Format: ${message}`);
  return message;
}

interface Prepared {
  format: ExportFormat;
  url: string;
  expiresAt: string;
  privacy: ExportPrivacy;
}

/** Download `url` without leaving the page. */
function download(url: string): void {
  const link = document.createElement("a");
  link.href = url;
  link.download = "";
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
}

export function ExportView({ jam }: { jam: StrategyJam }) {
  const { t, i18n } = useLingui();
  const { viewer } = useSession();
  const [, prepare] = useMutation(StrategyPrepareExportDocument);
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [prepared, setPrepared] = useState<Prepared | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const run = async (format: ExportFormat) => {
    setBusy(format);
    setProblems([]);
    setPrepared(null);
    const result = await prepare({ input: { jamId: jam.id, format } });
    setBusy(null);
    const payload = result.data?.prepareExport;
    if (result.error) {
      setProblems([requestErrorMessage(i18n, result.error)]);
    } else if (payload && payload.errors.length > 0) {
      setProblems(payload.errors.map((error) => exportErrorMessage(i18n, error)));
    } else if (payload?.export) {
      setPrepared(payload.export);
      download(payload.export.url);
    }
  };
  return (
    <div className="strategy-view">
      <section className="strategy-section" aria-labelledby="strategy-export-heading">
        <h2 id="strategy-export-heading">
          <Trans>Take the themes out</Trans>
        </h2>
        <p>
          <Trans>
            Each file holds the jam's themes with their ideas, who backs them by opinion group and by population, the
            connectors and the suggested teams, and where the figures come from.
          </Trans>
        </p>
        <p className="muted">
          {viewer?.role === "ADMIN" ? (
            <Trans>As an administrator you get people's names in the file. Handle it with care.</Trans>
          ) : (
            <Trans>People appear by pseudonym; only administrators get names.</Trans>
          )}
        </p>
        <ul className="strategy-exports">
          {FORMATS.map((format) => (
            <li key={format} className="card strategy-export">
              <h3 className="strategy-export-name">{formatName(i18n, format)}</h3>
              <p id={`strategy-export-${format}`} className="muted strategy-export-about">
                {formatDescription(i18n, format)}
              </p>
              <Button
                className="button button-primary"
                isDisabled={busy !== null}
                onPress={() => void run(format)}
                aria-describedby={`strategy-export-${format}`}
              >
                {busy === format ? t`Preparing…` : t`Download ${format}`}
              </Button>
            </li>
          ))}
        </ul>
        <div role="status" className="strategy-export-status">
          {prepared ? <Ready prepared={prepared} /> : null}
        </div>
        {problems.length > 0 ? (
          <div role="alert" className="banner banner-error">
            <ul className="strategy-problems">
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
    </div>
  );
}

function Ready({ prepared }: { prepared: Prepared }) {
  const { i18n } = useLingui();
  const name = formatName(i18n, prepared.format);
  const until = formatDateTime(i18n.locale, prepared.expiresAt);
  return (
    <p className="banner banner-info">
      <Trans>
        Your file ({name}) is downloading. If it does not start, <a href={prepared.url} download>download it here</a>: the link
        works until {until}.
      </Trans>
    </p>
  );
}
