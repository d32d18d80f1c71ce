import type { ApolloServerPlugin } from '@apollo/server';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

/** The query GraphiQL opens with on a first visit. */
export const FIRST_QUERY = `# Welcome to Tessera. Press the run button (or Ctrl-Enter) to ask the catalog what it serves;
# open the Explorer on the left to click a query together. Every product's freshness, lineage and impact at a
# glance: the data health page, /catalog on this gateway.
query DataProducts {
  dataProducts {
    id
    owner
    description
    freshness
    versions {
      version
      status
      typeName
      latestSnapshot { id publishedAt rowCount }
    }
  }
}
`;

/**
 * Serves GraphiQL with the explorer plugin as Apollo Server's landing page (a browser's GET with `Accept: text/html`).
 * The page is `@graphql-yoga/render-graphiql`'s, which inlines every script, style and editor worker, so it works
 * offline: nothing is loaded from a CDN. It is rendered once, at start.
 */
export function graphiqlLandingPagePlugin(options: { endpoint: string; title?: string }): ApolloServerPlugin {
  return {
    async serverWillStart() {
      const html = renderGraphiQL({
        endpoint: options.endpoint,
        title: options.title ?? 'Tessera GraphiQL',
        defaultQuery: FIRST_QUERY,
        isHeadersEditorEnabled: true,
      });
      return { async renderLandingPage() { return { html }; } };
    },
  };
}
