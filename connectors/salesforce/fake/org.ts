// A new org (its admin user and the standard opportunity stages) and lead conversion.
import { makeId } from './ids';
import { type Clock, liveRecord, putRecord, type SfRecord, type State, sfDate } from './state';

export type OrgOptions = {
  clientId: string;
  clientSecret?: string;
  clock: Clock;
  orgId?: string;
  dailyLimit?: number;
  rotateRefreshTokens?: boolean;
};

// ApiName, IsClosed, IsWon: the stages a new org ships with, in SortOrder.
const STAGES: [string, boolean, boolean][] = [
  ['Prospecting', false, false],
  ['Qualification', false, false],
  ['Needs Analysis', false, false],
  ['Value Proposition', false, false],
  ['Id. Decision Makers', false, false],
  ['Perception Analysis', false, false],
  ['Proposal/Price Quote', false, false],
  ['Negotiation/Review', false, false],
  ['Closed Won', true, true],
  ['Closed Lost', true, false],
];

export function newState(opts: OrgOptions): State {
  const state: State = {
    clock: opts.clock,
    orgId: opts.orgId ?? makeId('00D', 1),
    userId: '',
    baseUrl: 'http://salesforce.invalid',
    clientId: opts.clientId,
    clientSecret: opts.clientSecret,
    rotateRefreshTokens: opts.rotateRefreshTokens ?? false,
    nextId: 1000,
    records: new Map(),
    deleted: [],
    tokens: new Map(),
    refreshTokens: new Map(),
    codes: new Map(),
    tokenRequests: [],
    limits: { max: opts.dailyLimit ?? 15_000, used: 0, calls: [] },
    outages: [],
    cursors: new Map(),
    bulkJobs: new Map(),
    bulkPolls: 0,
    requests: [],
  };
  STAGES.forEach(([name, closed, won], i) => {
    putRecord(state, 'OpportunityStage', {
      ApiName: name,
      MasterLabel: name,
      IsClosed: closed,
      IsWon: won,
      IsActive: true,
      SortOrder: i + 1,
    });
  });
  const admin = putRecord(state, 'User', {
    Email: 'admin@example.test',
    FirstName: 'Ada',
    LastName: 'Admin',
    IsActive: true,
    Username: 'admin@example.test.fake',
  });
  state.userId = admin.Id;
  return state;
}

export type ConvertOptions = {
  opportunity?: { Name?: string; StageName?: string; CloseDate?: string; Role?: string };
  accountId?: string;
};

/** What Lead conversion does: an Account, a Contact (and maybe an Opportunity + role); the lead is frozen. */
export function convertLead(state: State, leadId: string, options: ConvertOptions = {}) {
  const lead = liveRecord(state, 'Lead', leadId);
  if (!lead) throw new Error(`no live lead ${leadId}`);
  if (lead.IsConverted) throw new Error(`lead ${leadId} is already converted`);
  const accountId =
    options.accountId ??
    putRecord(state, 'Account', { Name: lead.Company ?? 'Unknown', OwnerId: lead.OwnerId }).Id;
  const contact = putRecord(state, 'Contact', {
    Email: lead.Email,
    FirstName: lead.FirstName,
    LastName: lead.LastName,
    AccountId: accountId,
    OwnerId: lead.OwnerId,
    MailingCountry: lead.Country,
    MailingState: lead.State,
    HasOptedOutOfEmail: lead.HasOptedOutOfEmail,
  });
  let opportunity: SfRecord | null = null;
  if (options.opportunity) {
    const o = options.opportunity;
    opportunity = putRecord(state, 'Opportunity', {
      Name: o.Name ?? `${lead.Company ?? 'Unknown'}-`,
      StageName: o.StageName ?? 'Prospecting',
      CloseDate: o.CloseDate ?? sfDate(state.clock.now() + 30 * 86_400_000),
      OwnerId: lead.OwnerId,
      AccountId: accountId,
    });
    putRecord(state, 'OpportunityContactRole', {
      OpportunityId: opportunity.Id,
      ContactId: contact.Id,
      IsPrimary: true,
      Role: o.Role ?? null,
    });
  }
  putRecord(
    state,
    'Lead',
    {
      IsConverted: true,
      Status: 'Closed - Converted',
      ConvertedContactId: contact.Id,
      ConvertedAccountId: accountId,
      ConvertedOpportunityId: opportunity?.Id ?? null,
      ConvertedDate: sfDate(state.clock.now()),
    },
    leadId,
  );
  return { contactId: contact.Id, accountId, ...(opportunity ? { opportunityId: opportunity.Id } : {}) };
}
