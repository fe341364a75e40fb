// Chart.js with only the parts the console draws (bars and lines on category and linear
// scales), loaded when a page first shows a chart.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);
Chart.defaults.font.family = "system-ui, sans-serif";
Chart.defaults.color = "#1f2328";
// Charts are redrawn as data arrives; animating each re-read would only distract.
Chart.defaults.animation = false;

export { Chart };
