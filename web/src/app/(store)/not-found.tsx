import { NotFoundPanel } from '../../components/NotFoundPanel';

export default function NotFound() {
  return <NotFoundPanel />;
}
