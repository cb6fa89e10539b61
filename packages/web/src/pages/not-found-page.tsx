import { Link } from 'react-router';
import { usePageTitle } from '../components/page-title.js';

export function NotFoundPage() {
  usePageTitle('Not found');
  return (
    <section className="state">
      <h1>No such page</h1>
      <p>
        <Link to="/">Back to the models</Link>
      </p>
    </section>
  );
}
